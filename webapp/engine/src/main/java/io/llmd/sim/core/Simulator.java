package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The simulated vLLM engine, built once from the configuration. It resolves models, plans
 * answers, and admits requests into the scheduler; the web layer only decodes, encodes and writes.
 * What it does, it tells the {@link EngineListener}s it was built with (the metrics among them),
 * so that it holds no registry or other shared state of its own: several can live in one JVM.
 */
public final class Simulator {
    /**
     * What a run-time reconfiguration replaces, swapped as one so that a request never sees the
     * latency of one configuration with the failures of another.
     */
    private record Tuning(SimConfig config, LatencyModel latency, FailureInjector failures) {}

    private volatile Tuning tuning;
    private final ModelCatalog catalog;
    private final SeededRandom random;
    private final TextGenerator generator;
    private final Vocabulary vocabulary;
    /** How prompts are read: the built-in vocabulary and ChatML template, or a model's own. */
    private final Tokenization tokenization;

    private final String engineId;
    private final java.util.concurrent.atomic.AtomicLong nextBlockId = new java.util.concurrent.atomic.AtomicLong();
    private final LogprobSampler logprobs;
    private final Scheduler scheduler;
    private final EngineSleep sleep;
    private final @Nullable FakeGauges fake;
    private final EngineListener listener;
    private final NanoClock clock;
    private final long startedEpochSecond;
    /** The prefix cache's block hashes; null when prefix caching is off. */
    private final @Nullable BlockHasher hasher;
    /** Chooses recorded answers ({@code --dataset-path}); null to make every answer up. */
    private final @Nullable RecordedAnswerPicker recorded;

    /**
     * An engine that tells {@code listeners}, in their order, what it does: state changes of its
     * scheduler, preemptions, prefills, delivered tokens and ended requests.
     */
    public Simulator(SimConfig config, NanoClock clock, List<? extends EngineListener> listeners) {
        this(config, clock, listeners, null);
    }

    /**
     * An engine whose load, as the latency model sees it, is the fake running requests of
     * {@code fake} while they are faked (null for none), as the Go simulator's fake metrics drive it.
     */
    public Simulator(
            SimConfig config, NanoClock clock, List<? extends EngineListener> listeners, @Nullable FakeGauges fake) {
        this(config, clock, listeners, fake, null, UnaryOperator.identity());
    }

    /**
     * An engine that answers in random mode with what {@code recordedAnswers} recorded (null to
     * make every answer up), as the Go simulator answers from its dataset (the caller closes the
     * store), and whose prompts are read by what {@code tokenizing} makes of the built-in
     * tokenization ({@code --tokenizer}, {@code --chat-template}).
     */
    public Simulator(
            SimConfig config,
            NanoClock clock,
            List<? extends EngineListener> listeners,
            @Nullable FakeGauges fake,
            @Nullable RecordedAnswers recordedAnswers,
            UnaryOperator<Tokenization> tokenizing) {
        this.fake = fake;
        this.clock = clock;
        this.catalog = new ModelCatalog(config);
        this.random = new SeededRandom(config.seed());
        this.vocabulary = new Vocabulary();
        this.tokenization = tokenizing.apply(Tokenization.builtIn(vocabulary));
        this.generator = new TextGenerator(config.mode(), random, vocabulary);
        this.logprobs = new LogprobSampler(random, vocabulary);
        this.listener = EngineListeners.of(listeners);
        PrefixCacheOptions prefixCache = config.prefixCache();
        this.scheduler = new Scheduler(Scheduler.Limits.of(config), prefixCache.enabled(), clock, this.listener);
        // A generator of its own: the first parent drawn without a seed leaves the answers' draws as they were.
        this.hasher = prefixCache.enabled()
                ? new BlockHasher(
                        prefixCache.hashAlgo(),
                        prefixCache.hashSeed(),
                        config.blockSize(),
                        new SeededRandom(config.seed()))
                : null;
        this.engineId = random.hex(32);
        this.recorded = recordedAnswers == null || config.mode() != Mode.RANDOM
                ? null
                : new RecordedAnswerPicker(recordedAnswers, random, vocabulary, generator::filler);
        this.tuning = tune(config);
        this.sleep = new EngineSleep(scheduler);
        this.startedEpochSecond = System.currentTimeMillis() / 1000;
    }

    /** The configuration now: the one started with, or the last {@link #reconfigure} gave. */
    public SimConfig config() {
        return tuning.config();
    }

    /**
     * Replaces the latency model and the failure injection (the run-time reconfigurable parts of
     * {@code config}; everything else must be as before). Requests admitted before keep the
     * timing they were admitted with.
     */
    public synchronized void reconfigure(SimConfig config) {
        tuning = tune(config);
    }

    private Tuning tune(SimConfig config) {
        return new Tuning(config, new LatencyModel(config, random, this::load), new FailureInjector(config, random));
    }

    /** The requests running, as the latency model counts them: the fake ones while faked. */
    private int load() {
        if (fake != null) {
            java.util.OptionalDouble faked = fake.running();
            if (faked.isPresent()) {
                return (int) Math.min(Integer.MAX_VALUE, faked.getAsDouble());
            }
        }
        return scheduler.running();
    }

    /** vLLM's sleep mode of this engine. */
    public EngineSleep sleep() {
        return sleep;
    }

    public ModelCatalog catalog() {
        return catalog;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    /** Fails requests on purpose, before they are admitted. */
    public FailureInjector failures() {
        return tuning.failures();
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
        // The built-in tokenizer counts without assigning ids; ids are needed for the prefix cache, or
        // to count with a model's tokenizer.
        int[] promptIds = hasher != null || tokenization.tokenizer() != vocabulary ? promptIds(request) : null;
        int promptTokens = promptIds != null
                ? promptIds.length
                : Tokenizer.count(request.promptText()) + request.extraPromptTokens();
        int maxModelLen = config().maxModelLen();
        Integer maxTokens = request.maxTokens();
        if (promptTokens >= maxModelLen) {
            throw SimException.badRequest(
                    "This model's maximum context length is " + maxModelLen
                            + " tokens. However, your request has " + promptTokens
                            + " input tokens. Please reduce the length of the input messages.",
                    "messages");
        }
        if (maxTokens != null && promptTokens + (long) maxTokens > maxModelLen) {
            throw SimException.badRequest(
                    "This model's maximum context length is " + maxModelLen
                            + " tokens. However, you requested " + (promptTokens + (long) maxTokens) + " tokens ("
                            + promptTokens + " in the messages, " + maxTokens
                            + " in the completion). Please reduce the length of the messages or completion.",
                    "max_tokens");
        }
        int limit = maxTokens != null ? maxTokens : maxModelLen - promptTokens;
        boolean prefillOnly = request.kvTransfer() == Generation.KvTransfer.PREFILL_ONLY;
        if (prefillOnly) {
            // A prefill instance answers the first token only; the decode instance goes on.
            limit = 1;
        }
        GenerationRequest.Sampling sampling = request.options();
        List<Choice> choices = new ArrayList<>(sampling.n());
        for (int i = 0; i < sampling.n(); i++) {
            GenerationRequest.StructuredAnswer structured =
                    request.structured() == null ? null : request.structured().get(i);
            TextGenerator.Answer answer;
            List<ToolCall> toolCalls = List.of();
            if (structured != null && !structured.toolCalls().isEmpty()) {
                ToolCallTokens calls = ToolCallTokens.of(structured.toolCalls(), limit, structured.cut());
                toolCalls = calls.calls();
                answer = calls.answer();
            } else if (structured != null) {
                answer = TextGenerator.structured(
                        Objects.requireNonNull(structured.json()),
                        limit,
                        structured.cut() ? FinishReason.LENGTH : FinishReason.STOP);
            } else {
                answer = recordedAnswer(request, promptIds, limit, sampling);
                if (answer == null) {
                    answer = generator.answer(request.echoText(), limit, sampling);
                }
            }
            List<TokenLogprob> tokenLogprobs =
                    sampling.logprobs() < 0 ? null : logprobs.sample(answer.tokens(), sampling.logprobs());
            FinishReason finish = prefillOnly ? FinishReason.LENGTH : answer.finishReason();
            choices.add(new Choice(
                    i, answer.tokens(), finish, prefillOnly ? null : answer.stopReason(), toolCalls, tokenLogprobs));
        }
        return new Generation(
                request.target(),
                promptTokens,
                limit,
                choices,
                request.kvTransfer(),
                promptBlocks(
                        promptIds,
                        request,
                        choices.isEmpty() ? List.of() : choices.getFirst().tokens()));
    }

    /** The recorded answer to a request, or null without a dataset (or with an empty one). */
    private TextGenerator.@Nullable Answer recordedAnswer(
            GenerationRequest request, int @Nullable [] promptIds, int limit, GenerationRequest.Sampling sampling) {
        if (recorded == null) {
            return null;
        }
        List<String> tokens =
                recorded.pick(promptIds != null ? promptIds : promptIds(request), limit, sampling.ignoreEos());
        return tokens == null ? null : generator.recorded(tokens, limit, sampling);
    }

    /**
     * The request's token ids and block hashes, for the prefix cache: the prompt's, then the
     * answer's, whose full blocks are cached as they are generated. With several choices the first
     * one's answer stands for the request's (the scheduler grows one sequence per request).
     */
    private @Nullable PromptBlocks promptBlocks(
            int @Nullable [] promptIds, GenerationRequest request, List<String> answer) {
        if (hasher == null || promptIds == null) {
            return null;
        }
        int[] tokens = Arrays.copyOf(promptIds, promptIds.length + answer.size());
        for (int i = 0; i < answer.size(); i++) {
            tokens[promptIds.length + i] = vocabulary.id(answer.get(i));
        }
        ModelTarget target = request.target();
        return hasher.hash(
                tokens, target.loraName(), target.lora() == null ? null : target.loraId(), request.cacheSalt());
    }

    /**
     * The prompt's token ids: the ids the client gave, or its text's; each image's tokens are a
     * placeholder id (0), as its pixels are not hashed.
     */
    private int[] promptIds(GenerationRequest request) {
        if (request.promptTokenIds() != null) {
            return request.promptTokenIds().stream().mapToInt(Integer::intValue).toArray();
        }
        int[] ids = tokenization.tokenizer().ids(request.promptText(), !request.templated());
        return request.extraPromptTokens() == 0 ? ids : Arrays.copyOf(ids, ids.length + request.extraPromptTokens());
    }

    /**
     * Plans several prompts of one request (a completions request with a list of prompts): their
     * choices follow each other, {@code n} per prompt, and their prompt tokens add up.
     */
    public Generation plan(List<GenerationRequest> requests) {
        if (requests.size() == 1) {
            return plan(requests.get(0));
        }
        List<Choice> choices = new ArrayList<>();
        int promptTokens = 0;
        int maxTokens = 0;
        for (GenerationRequest request : requests) {
            Generation generation = plan(request);
            promptTokens += generation.promptTokens();
            maxTokens = Math.max(maxTokens, generation.maxTokens());
            for (Choice choice : generation.choices()) {
                choices.add(new Choice(
                        choices.size(),
                        choice.tokens(),
                        choice.finishReason(),
                        choice.stopReason(),
                        choice.toolCalls(),
                        choice.logprobs()));
            }
        }
        return new Generation(requests.get(0).target(), promptTokens, maxTokens, choices);
    }

    /**
     * Log probabilities of a prompt's tokens, as {@code echo} with {@code logprobs} reports them
     * (the first token's, which nothing predicts, is left to the wire format to blank).
     */
    public List<TokenLogprob> promptLogprobs(String prompt, int top) {
        return logprobs.sample(Tokenizer.tokenize(prompt), top);
    }

    /** This simulated engine's id, as KV-transfer parameters name it. */
    public String engineId() {
        return engineId;
    }

    /** Ids of the KV-cache blocks a prefilled prompt leaves for its decode instance. */
    public List<Long> remoteBlockIds(int promptTokens) {
        SimConfig config = config();
        int blocks = Math.max(1, (promptTokens + config.blockSize() - 1) / config.blockSize());
        long first = nextBlockId.getAndAdd(blocks);
        List<Long> ids = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            ids.add((first + i) % config.kvCacheBlocks());
        }
        return ids;
    }

    /** The built-in tokenizer's ids, which answers are made of. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** What reads prompts: {@code usage}, {@code /tokenize}, {@code /detokenize} and the render endpoints. */
    public PromptTokenizer tokenizer() {
        return tokenization.tokenizer();
    }

    /** What renders chat messages into a prompt before it is tokenized. */
    public ChatTemplate chatTemplate() {
        return tokenization.chatTemplate();
    }

    /** The tokenizer and template, for the start-up log. */
    public String tokenizationDescription() {
        return tokenization.description();
    }

    /** The one seeded generator, for the wire layer's made-up structured answers. */
    public SeededRandom random() {
        return random;
    }

    /**
     * Takes a place in the scheduler for a planned request; it runs when the scheduler starts it.
     *
     * @param arrivalNanos when the request arrived, on {@link #clock()}
     * @throws SimException RATE_LIMITED when the waiting queue is full; BAD_REQUEST when the request
     *                      could never fit in the KV cache
     */
    public Run admit(Generation generation, long arrivalNanos) {
        Tuning now = tuning;
        SimConfig config = now.config();
        long need = (long) generation.promptTokens() + generation.steps();
        long capacity = (long) config.kvCacheBlocks() * config.blockSize();
        if (need > capacity) {
            // It would wait at the head of the queue for ever, and every later request behind it.
            throw SimException.badRequest(
                    "This request needs " + need + " tokens of KV cache ("
                            + generation.promptTokens() + " in the prompts, " + generation.steps()
                            + " generated), more than the " + capacity + " tokens the whole KV cache holds ("
                            + config.kvCacheBlocks() + " blocks of " + config.blockSize()
                            + "), so it can never be scheduled. Please send fewer or shorter prompts.",
                    null);
        }
        Ticket ticket = scheduler.submit(
                generation.target().loraName(), arrivalNanos, generation.promptTokens(), generation.prompt());
        return new Run(generation, ticket, now.latency(), clock, listener, generation.maxTokens());
    }
}
