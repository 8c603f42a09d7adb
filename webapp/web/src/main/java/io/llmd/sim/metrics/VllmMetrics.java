package io.llmd.sim.metrics;

import io.llmd.sim.core.SimConfig;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * vLLM's metric families under its exact names, help texts, labels and buckets, registered once in
 * a registry by whoever owns it (never the global one, so that two deployments in one JVM do not
 * mix). Each engine records into its own children, labelled as vLLM labels them with its served
 * model name and its engine index (the data-parallel rank): see {@link #engine(SimConfig, int)}.
 */
public final class VllmMetrics {
    public static final String MODEL_NAME = "model_name";
    /** vLLM's label of a data-parallel rank's series (its engine index), beside the model name. */
    public static final String ENGINE = "engine";

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

    static final double[] TTFT_BUCKETS = {
        0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0,
        160.0, 640.0, 2560.0
    };
    static final double[] TOKEN_LATENCY_BUCKETS = {
        0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0
    };
    static final double[] REQUEST_LATENCY_BUCKETS = {
        0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0,
        1920.0, 7680.0
    };
    static final double[] ITERATION_BUCKETS = {1, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384};
    static final double[] N_BUCKETS = {1, 2, 5, 10, 20};

    final Gauge running;
    final Gauge waiting;
    final Gauge kvCacheUsage;
    final Gauge cacheConfigInfo;
    final Counter promptTokens;
    final Counter generationTokens;
    final Counter requestSuccess;
    final Counter preemptions;
    final Counter prefixCacheQueries;
    final Counter prefixCacheHits;
    final Histogram ttft;
    final Histogram interTokenLatency;
    final Histogram timePerOutputToken;
    final Histogram e2e;
    final Histogram queueTime;
    final Histogram inferenceTime;
    final Histogram prefillTime;
    final Histogram decodeTime;
    final Histogram promptTokensHistogram;
    final Histogram generationTokensHistogram;
    final Histogram paramsMaxTokens;
    final Histogram maxNumGenerationTokens;
    final Histogram paramsN;
    final Histogram iterationTokens;
    private final Gauge loraInfo;
    /** How many engines show each series of {@code vllm:lora_requests_info}, which has no model label. */
    private final Map<List<String>, Integer> loraSeries = new HashMap<>();

    /** The model names and engine indexes that record here. */
    private final Set<List<String>> engines = new HashSet<>();
    /** The token histograms' buckets, vLLM's 1-2-5 steps up to the context length. */
    final double[] tokenBuckets;

    /**
     * @param maxModelLen the token histograms' buckets go up to it, in vLLM's 1-2-5 steps (vLLM
     *                    bounds them by the context length); engines with a longer context share them
     */
    public VllmMetrics(PrometheusRegistry registry, int maxModelLen) {
        running = gauge(registry, NUM_REQUESTS_RUNNING, "Number of requests in model execution batches.");
        waiting = gauge(registry, NUM_REQUESTS_WAITING, "Number of requests waiting to be processed.");
        kvCacheUsage = gauge(registry, KV_CACHE_USAGE_PERC, "KV-cache usage. 1 means 100 percent usage.");
        loraInfo = Gauge.builder()
                .name(LORA_REQUESTS_INFO)
                .help("Running stats on lora requests.")
                .labelNames("max_lora", "running_lora_adapters", "waiting_lora_adapters")
                .register(registry);
        cacheConfigInfo = Gauge.builder()
                .name(CACHE_CONFIG_INFO)
                .help("Information of the LLMEngine CacheConfig")
                .labelNames(
                        "block_size",
                        "cache_dtype",
                        "enable_prefix_caching",
                        "gpu_memory_utilization",
                        "num_cpu_blocks",
                        "num_gpu_blocks",
                        "swap_space",
                        ENGINE)
                .register(registry);

        promptTokens = counter(registry, PROMPT_TOKENS, "Number of prefill tokens processed.");
        generationTokens = counter(registry, GENERATION_TOKENS, "Number of generation tokens processed.");
        requestSuccess = Counter.builder()
                .name(REQUEST_SUCCESS)
                .help("Count of successfully processed requests.")
                .labelNames(MODEL_NAME, ENGINE, "finished_reason")
                .register(registry);
        preemptions = counter(registry, NUM_PREEMPTIONS, "Cumulative number of preemption from the engine.");
        prefixCacheQueries =
                counter(registry, PREFIX_CACHE_QUERIES, "Prefix cache queries, in terms of number of queried tokens.");
        prefixCacheHits =
                counter(registry, PREFIX_CACHE_HITS, "Prefix cache hits, in terms of number of cached tokens.");

        ttft = histogram(registry, TIME_TO_FIRST_TOKEN, "Histogram of time to first token in seconds.", TTFT_BUCKETS);
        interTokenLatency = histogram(
                registry, INTER_TOKEN_LATENCY, "Histogram of inter-token latency in seconds.", TOKEN_LATENCY_BUCKETS);
        timePerOutputToken = histogram(
                registry,
                TIME_PER_OUTPUT_TOKEN,
                "Histogram of time per output token in seconds.",
                TOKEN_LATENCY_BUCKETS);
        e2e = histogram(registry, E2E_LATENCY, "Histogram of e2e request latency in seconds.", REQUEST_LATENCY_BUCKETS);
        queueTime = histogram(
                registry, QUEUE_TIME, "Histogram of time spent in WAITING phase for request.", REQUEST_LATENCY_BUCKETS);
        inferenceTime = histogram(
                registry,
                INFERENCE_TIME,
                "Histogram of time spent in RUNNING phase for request.",
                REQUEST_LATENCY_BUCKETS);
        prefillTime = histogram(
                registry,
                PREFILL_TIME,
                "Histogram of time spent in PREFILL phase for request.",
                REQUEST_LATENCY_BUCKETS);
        decodeTime = histogram(
                registry, DECODE_TIME, "Histogram of time spent in DECODE phase for request.", REQUEST_LATENCY_BUCKETS);
        tokenBuckets = oneTwoFive(maxModelLen);
        promptTokensHistogram =
                histogram(registry, PROMPT_TOKENS_HISTOGRAM, "Number of prefill tokens processed.", tokenBuckets);
        generationTokensHistogram = histogram(
                registry, GENERATION_TOKENS_HISTOGRAM, "Number of generation tokens processed.", tokenBuckets);
        paramsMaxTokens =
                histogram(registry, PARAMS_MAX_TOKENS, "Histogram of the max_tokens request parameter.", tokenBuckets);
        maxNumGenerationTokens = histogram(
                registry,
                MAX_NUM_GENERATION_TOKENS,
                "Histogram of maximum number of requested generation tokens.",
                tokenBuckets);
        paramsN = histogram(registry, PARAMS_N, "Histogram of the n request parameter.", N_BUCKETS);
        iterationTokens = histogram(
                registry, ITERATION_TOKENS, "Histogram of number of tokens per engine_step.", ITERATION_BUCKETS);
    }

    /**
     * The recorder of one engine, to give the engine as a listener: its children of every family,
     * labelled with its served model name and {@code engineIndex}.
     *
     * @param engineIndex the data-parallel rank the engine is (0 without ranks), vLLM's {@code engine} label
     * @throws IllegalArgumentException when an engine of the same model name and index records here
     *                                  already (their gauges would overwrite each other)
     */
    public EngineMetrics engine(SimConfig config, int engineIndex) {
        claim(config, engineIndex);
        return new EngineMetrics(this, config, Integer.toString(engineIndex));
    }

    /** The recorder of an engine without data-parallel ranks (engine 0). */
    public EngineMetrics engine(SimConfig config) {
        return engine(config, 0);
    }

    /** Reserves the series of an engine; see {@link #engine(SimConfig, int)}. */
    synchronized void claim(SimConfig config, int engineIndex) {
        String model = config.reportedModelName();
        if (!engines.add(List.of(model, Integer.toString(engineIndex)))) {
            throw new IllegalArgumentException("An engine of model_name " + model + " and engine " + engineIndex
                    + " already records its metrics in this registry");
        }
    }

    /**
     * Moves one engine's series of {@code vllm:lora_requests_info} from the labels {@code from}
     * (null at first) to {@code to} and stamps it; engines showing the same labels share the
     * series, which goes when the last of them moves away.
     */
    synchronized void moveLoraSeries(@Nullable List<String> from, List<String> to, double unixSeconds) {
        if (!to.equals(from)) {
            if (from != null && loraSeries.merge(from, -1, Integer::sum) == 0) {
                loraSeries.remove(from);
                loraInfo.remove(from.toArray(String[]::new));
            }
            loraSeries.merge(to, 1, Integer::sum);
        }
        loraInfo.labelValues(to.toArray(String[]::new)).set(unixSeconds);
    }

    /**
     * Replaces every series of {@code vllm:lora_requests_info} with {@code series} (labels to
     * value), for fake metrics, which own the family.
     */
    synchronized void replaceLoraSeries(Map<List<String>, Double> series) {
        for (List<String> labels : loraSeries.keySet()) {
            loraInfo.remove(labels.toArray(String[]::new));
        }
        loraSeries.clear();
        series.forEach((labels, value) -> {
            loraSeries.put(labels, 1);
            loraInfo.labelValues(labels.toArray(String[]::new)).set(value);
        });
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

    private static Gauge gauge(PrometheusRegistry registry, String name, String help) {
        return Gauge.builder()
                .name(name)
                .help(help)
                .labelNames(MODEL_NAME, ENGINE)
                .register(registry);
    }

    private static Counter counter(PrometheusRegistry registry, String name, String help) {
        return Counter.builder()
                .name(name)
                .help(help)
                .labelNames(MODEL_NAME, ENGINE)
                .register(registry);
    }

    private static Histogram histogram(PrometheusRegistry registry, String name, String help, double[] buckets) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .classicOnly()
                .classicUpperBounds(buckets)
                .labelNames(MODEL_NAME, ENGINE)
                .register(registry);
    }
}
