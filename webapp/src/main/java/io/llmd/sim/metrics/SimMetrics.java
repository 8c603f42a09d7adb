package io.llmd.sim.metrics;

import io.llmd.sim.core.EngineListener;
import io.llmd.sim.core.RequestTrace;
import io.llmd.sim.core.SimConfig;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.ArrayList;
import java.util.List;

/**
 * The vLLM metrics the simulator keeps, under vLLM's exact names, labels and buckets, registered
 * in a registry of its own (never the global one, so that two deployments in one JVM do not mix).
 * Latencies are the ones clients experienced: a token counts when it was written out. An adapter
 * of the engine's events port: the core knows nothing of Prometheus.
 */
public final class SimMetrics implements EngineListener {
    public static final String MODEL_NAME = "model_name";
    public static final String NUM_REQUESTS_RUNNING = "vllm:num_requests_running";
    public static final String NUM_REQUESTS_WAITING = "vllm:num_requests_waiting";
    public static final String KV_CACHE_USAGE_PERC = "vllm:kv_cache_usage_perc";
    public static final String LORA_REQUESTS_INFO = "vllm:lora_requests_info";
    public static final String CACHE_CONFIG_INFO = "vllm:cache_config_info";
    public static final String PROMPT_TOKENS = "vllm:prompt_tokens";
    public static final String GENERATION_TOKENS = "vllm:generation_tokens";
    public static final String REQUEST_SUCCESS = "vllm:request_success";
    public static final String NUM_PREEMPTIONS = "vllm:num_preemptions";
    public static final String PREFIX_CACHE_QUERIES = "vllm:prefix_cache_queries";
    public static final String PREFIX_CACHE_HITS = "vllm:prefix_cache_hits";
    public static final String TIME_TO_FIRST_TOKEN = "vllm:time_to_first_token_seconds";
    public static final String INTER_TOKEN_LATENCY = "vllm:inter_token_latency_seconds";
    public static final String TIME_PER_OUTPUT_TOKEN = "vllm:request_time_per_output_token_seconds";
    public static final String E2E_LATENCY = "vllm:e2e_request_latency_seconds";
    public static final String QUEUE_TIME = "vllm:request_queue_time_seconds";
    public static final String INFERENCE_TIME = "vllm:request_inference_time_seconds";
    public static final String PREFILL_TIME = "vllm:request_prefill_time_seconds";
    public static final String DECODE_TIME = "vllm:request_decode_time_seconds";
    public static final String PROMPT_TOKENS_HISTOGRAM = "vllm:request_prompt_tokens";
    public static final String GENERATION_TOKENS_HISTOGRAM = "vllm:request_generation_tokens";
    public static final String PARAMS_MAX_TOKENS = "vllm:request_params_max_tokens";
    public static final String MAX_NUM_GENERATION_TOKENS = "vllm:request_max_num_generation_tokens";
    public static final String PARAMS_N = "vllm:request_params_n";
    public static final String ITERATION_TOKENS = "vllm:iteration_tokens_total";

    static final double[] TTFT_BUCKETS = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0,
            2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0};
    static final double[] TOKEN_LATENCY_BUCKETS = {0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0};
    static final double[] REQUEST_LATENCY_BUCKETS = {0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0,
            40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0};
    static final double[] ITERATION_BUCKETS = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384};
    static final double[] N_BUCKETS = {1, 2, 5, 10, 20};
    private static final String[] FINISHED_REASONS = {"stop", "length", "abort"};

    private final String model;
    private final GaugeDataPoint running;
    private final GaugeDataPoint waiting;
    private final GaugeDataPoint kvCacheUsage;
    private final Gauge loraInfo;
    private final String maxLoras;
    private final double kvCacheBlocks;
    private final CounterDataPoint promptTokens;
    private final CounterDataPoint generationTokens;
    private final Counter requestSuccess;
    private final CounterDataPoint preemptions;
    private final CounterDataPoint prefixCacheQueries;
    private final DistributionDataPoint ttft;
    private final DistributionDataPoint interTokenLatency;
    private final DistributionDataPoint timePerOutputToken;
    private final DistributionDataPoint e2e;
    private final DistributionDataPoint queueTime;
    private final DistributionDataPoint inferenceTime;
    private final DistributionDataPoint prefillTime;
    private final DistributionDataPoint decodeTime;
    private final DistributionDataPoint promptTokensHistogram;
    private final DistributionDataPoint generationTokensHistogram;
    private final DistributionDataPoint paramsMaxTokens;
    private final DistributionDataPoint maxNumGenerationTokens;
    private final DistributionDataPoint paramsN;
    private final DistributionDataPoint iterationTokens;
    private List<String> loraLabels;

    public SimMetrics(PrometheusRegistry registry, SimConfig config) {
        this.model = config.reportedModelName();
        this.maxLoras = Integer.toString(config.maxLoras());
        this.kvCacheBlocks = config.kvCacheBlocks();
        running = gauge(registry, NUM_REQUESTS_RUNNING, "Number of requests in model execution batches.", model);
        waiting = gauge(registry, NUM_REQUESTS_WAITING, "Number of requests waiting to be processed.", model);
        kvCacheUsage = gauge(registry, KV_CACHE_USAGE_PERC, "KV-cache usage. 1 means 100 percent usage.", model);
        loraInfo = Gauge.builder().name(LORA_REQUESTS_INFO).help("Running stats on lora requests.")
                .labelNames("max_lora", "running_lora_adapters", "waiting_lora_adapters").register(registry);
        Gauge.builder().name(CACHE_CONFIG_INFO).help("Information of the LLMEngine CacheConfig")
                .labelNames("block_size", "cache_dtype", "enable_prefix_caching", "gpu_memory_utilization",
                        "num_cpu_blocks", "num_gpu_blocks", "swap_space")
                .register(registry)
                .labelValues(Integer.toString(config.blockSize()), "auto", "False", "0.9", "0",
                        Integer.toString(config.kvCacheBlocks()), "4")
                .set(1);

        promptTokens = counter(registry, PROMPT_TOKENS, "Number of prefill tokens processed.", model);
        generationTokens = counter(registry, GENERATION_TOKENS, "Number of generation tokens processed.", model);
        requestSuccess = Counter.builder().name(REQUEST_SUCCESS).help("Count of successfully processed requests.")
                .labelNames(MODEL_NAME, "finished_reason").register(registry);
        for (String reason : FINISHED_REASONS) {
            requestSuccess.labelValues(model, reason);
        }
        preemptions = counter(registry, NUM_PREEMPTIONS, "Cumulative number of preemption from the engine.", model);
        prefixCacheQueries = counter(registry, PREFIX_CACHE_QUERIES,
                "Prefix cache queries, in terms of number of queried tokens.", model);
        // The simulator has no prefix cache yet: hits stay at zero, truthfully.
        counter(registry, PREFIX_CACHE_HITS, "Prefix cache hits, in terms of number of cached tokens.", model);

        ttft = histogram(registry, TIME_TO_FIRST_TOKEN, "Histogram of time to first token in seconds.",
                TTFT_BUCKETS, model);
        interTokenLatency = histogram(registry, INTER_TOKEN_LATENCY, "Histogram of inter-token latency in seconds.",
                TOKEN_LATENCY_BUCKETS, model);
        timePerOutputToken = histogram(registry, TIME_PER_OUTPUT_TOKEN,
                "Histogram of time per output token in seconds.", TOKEN_LATENCY_BUCKETS, model);
        e2e = histogram(registry, E2E_LATENCY, "Histogram of e2e request latency in seconds.",
                REQUEST_LATENCY_BUCKETS, model);
        queueTime = histogram(registry, QUEUE_TIME, "Histogram of time spent in WAITING phase for request.",
                REQUEST_LATENCY_BUCKETS, model);
        inferenceTime = histogram(registry, INFERENCE_TIME, "Histogram of time spent in RUNNING phase for request.",
                REQUEST_LATENCY_BUCKETS, model);
        prefillTime = histogram(registry, PREFILL_TIME, "Histogram of time spent in PREFILL phase for request.",
                REQUEST_LATENCY_BUCKETS, model);
        decodeTime = histogram(registry, DECODE_TIME, "Histogram of time spent in DECODE phase for request.",
                REQUEST_LATENCY_BUCKETS, model);
        double[] tokenBuckets = oneTwoFive(config.maxModelLen());
        promptTokensHistogram = histogram(registry, PROMPT_TOKENS_HISTOGRAM,
                "Number of prefill tokens processed.", tokenBuckets, model);
        generationTokensHistogram = histogram(registry, GENERATION_TOKENS_HISTOGRAM,
                "Number of generation tokens processed.", tokenBuckets, model);
        paramsMaxTokens = histogram(registry, PARAMS_MAX_TOKENS, "Histogram of the max_tokens request parameter.",
                tokenBuckets, model);
        maxNumGenerationTokens = histogram(registry, MAX_NUM_GENERATION_TOKENS,
                "Histogram of maximum number of requested generation tokens.", tokenBuckets, model);
        paramsN = histogram(registry, PARAMS_N, "Histogram of the n request parameter.", N_BUCKETS, model);
        iterationTokens = histogram(registry, ITERATION_TOKENS, "Histogram of number of tokens per engine_step.",
                ITERATION_BUCKETS, model);

        running.set(0);
        waiting.set(0);
        kvCacheUsage.set(0);
        onChange(0, 0, List.of(), List.of(), true, 0);
    }

    /**
     * Keeps the gauges live. {@code vllm:lora_requests_info} has one series, whose labels name the
     * adapters running and waiting now and whose value is the unix time they last changed.
     */
    @Override
    public void onChange(int runningNow, int waitingNow, List<String> runningLoras, List<String> waitingLoras,
                         boolean lorasChanged, int usedBlocks) {
        running.set(runningNow);
        waiting.set(waitingNow);
        kvCacheUsage.set(usedBlocks / kvCacheBlocks);
        if (!lorasChanged) {
            return;
        }
        List<String> labels = List.of(maxLoras, String.join(",", runningLoras), String.join(",", waitingLoras));
        if (loraLabels != null && !loraLabels.equals(labels)) {
            loraInfo.remove(loraLabels.toArray(String[]::new));
        }
        loraLabels = labels;
        loraInfo.labelValues(labels.toArray(String[]::new)).set(System.currentTimeMillis() / 1000.0);
    }

    @Override
    public void onPreemption() {
        preemptions.inc();
    }

    /** A request's prefill is done: its prompt counts as processed. */
    @Override
    public void onPrefilled(int promptTokenCount) {
        promptTokens.inc(promptTokenCount);
        prefixCacheQueries.inc(promptTokenCount);
        iterationTokens.observe(promptTokenCount + 1);
    }

    /** A step's {@code tokens} went out {@code gapNanos} after the step before (the first has no gap). */
    @Override
    public void onTokensDelivered(long gapNanos, boolean first, int tokens) {
        generationTokens.inc(tokens);
        if (!first) {
            interTokenLatency.observe(gapNanos / 1e9);
            iterationTokens.observe(tokens);
        }
    }

    /** A request ended: the per-request histograms and the success counter. */
    @Override
    public void onRequestEnded(RequestTrace trace) {
        requestSuccess.labelValues(model, trace.finishedReason()).inc();
        e2e.observe(seconds(trace.end() - trace.arrival()));
        promptTokensHistogram.observe(trace.promptTokens());
        generationTokensHistogram.observe(trace.generated());
        maxNumGenerationTokens.observe(trace.maxChoiceTokens());
        paramsMaxTokens.observe(trace.maxTokens());
        paramsN.observe(trace.n());
        if (!trace.started()) {
            return;
        }
        queueTime.observe(seconds(trace.firstStart() - trace.arrival()));
        if (!trace.producedTokens()) {
            return;
        }
        ttft.observe(seconds(trace.firstToken() - trace.arrival()));
        prefillTime.observe(seconds(trace.firstToken() - trace.firstStart()));
        decodeTime.observe(seconds(trace.lastToken() - trace.firstToken()));
        inferenceTime.observe(seconds(trace.lastToken() - trace.firstStart()));
        if (trace.maxChoiceTokens() > 1) {
            timePerOutputToken.observe(seconds(trace.lastToken() - trace.firstToken()) / (trace.maxChoiceTokens() - 1));
        }
    }

    /** vLLM's 1-2-5 buckets up to the context length: 1, 2, 5, 10, 20, 50, ... */
    static double[] oneTwoFive(int max) {
        List<Double> bounds = new ArrayList<>();
        for (long scale = 1; ; scale *= 10) {
            for (int mantissa : new int[] {1, 2, 5}) {
                long bound = mantissa * scale;
                if (bound > max) {
                    return bounds.stream().mapToDouble(Double::doubleValue).toArray();
                }
                bounds.add((double) bound);
            }
        }
    }

    private static double seconds(long nanos) {
        return Math.max(0, nanos) / 1e9;
    }

    private static GaugeDataPoint gauge(PrometheusRegistry registry, String name, String help, String model) {
        return Gauge.builder().name(name).help(help).labelNames(MODEL_NAME).register(registry).labelValues(model);
    }

    private static CounterDataPoint counter(PrometheusRegistry registry, String name, String help, String model) {
        CounterDataPoint point = Counter.builder().name(name).help(help).labelNames(MODEL_NAME).register(registry)
                .labelValues(model);
        point.inc(0);
        return point;
    }

    private static DistributionDataPoint histogram(PrometheusRegistry registry, String name, String help,
                                                   double[] buckets, String model) {
        return Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(buckets)
                .labelNames(MODEL_NAME).register(registry).labelValues(model);
    }
}
