package io.llmd.sim.core;

import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The simulated vLLM engine: one per deployment, built once from the configuration. It resolves
 * models, plans answers, and admits requests into the scheduler; the web layer only decodes,
 * encodes and writes.
 */
public final class Simulator {
    private final SimConfig config;
    private final ModelCatalog catalog;
    private final SeededRandom random;
    private final TextGenerator generator;
    private final LatencyModel latency;
    private final Scheduler scheduler;
    private final SimMetrics metrics;
    private final NanoClock clock;
    private final long startedEpochSecond;

    public Simulator(SimConfig config, PrometheusRegistry registry, NanoClock clock) {
        this.config = config;
        this.clock = clock;
        this.catalog = new ModelCatalog(config);
        this.random = new SeededRandom(config.seed());
        this.generator = new TextGenerator(config.mode(), random);
        this.latency = new LatencyModel(config);
        this.metrics = new SimMetrics(registry, config);
        this.scheduler = new Scheduler(Scheduler.Limits.of(config), clock, metrics);
        this.startedEpochSecond = System.currentTimeMillis() / 1000;
    }

    public SimConfig config() {
        return config;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public NanoClock clock() {
        return clock;
    }

    /** The unix second the simulator started, reported as {@code created} of the models. */
    public long startedEpochSecond() {
        return startedEpochSecond;
    }

    /** Loads an adapter at run time (vLLM's {@code /v1/load_lora_adapter}). */
    public void loadLora(LoraModule lora) {
        catalog.add(lora);
    }

    /** Unloads an adapter; requests already running on it finish normally. */
    public void unloadLora(String name) {
        catalog.remove(name);
        scheduler.unload(name);
    }

    /** A new response id: {@code prefix} and hex digits drawn from the seeded generator. */
    public String newId(String prefix) {
        return prefix + random.hex(32);
    }

    /**
     * Decides a request's answer before it is admitted.
     *
     * @throws SimException BAD_REQUEST when the prompt and the requested tokens do not fit the context
     */
    public Generation plan(GenerationRequest request) {
        int promptTokens = Tokenizer.count(request.promptText());
        int maxModelLen = config.maxModelLen();
        Integer maxTokens = request.maxTokens();
        if (maxTokens != null && promptTokens + (long) maxTokens > maxModelLen) {
            throw SimException.badRequest("This model's maximum context length is " + maxModelLen
                    + " tokens. However, you requested " + (promptTokens + (long) maxTokens) + " tokens ("
                    + promptTokens + " in the messages, " + maxTokens
                    + " in the completion). Please reduce the length of the messages or completion.", "max_tokens");
        }
        if (promptTokens >= maxModelLen) {
            throw SimException.badRequest("This model's maximum context length is " + maxModelLen
                    + " tokens. However, your request has " + promptTokens
                    + " input tokens. Please reduce the length of the input messages.", "messages");
        }
        int limit = maxTokens != null ? maxTokens : maxModelLen - promptTokens;
        TextGenerator.Answer answer = generator.answer(request.echoText(), limit);
        return new Generation(request.target(), promptTokens, limit, answer.tokens(), answer.finishReason());
    }

    /**
     * Takes a place in the scheduler for a planned request; it runs when the scheduler starts it.
     *
     * @param arrivalNanos when the request arrived, on {@link #clock()}
     * @throws SimException RATE_LIMITED when the waiting queue is full
     */
    public Run admit(Generation generation, long arrivalNanos) {
        Ticket ticket = scheduler.submit(generation.target().loraName(), arrivalNanos, generation.promptTokens());
        return new Run(generation, ticket, latency, clock, metrics, generation.maxTokens());
    }
}
