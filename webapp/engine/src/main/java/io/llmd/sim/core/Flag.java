package io.llmd.sim.core;

import static io.llmd.sim.core.FlagValue.anyWhole;
import static io.llmd.sim.core.FlagValue.millis;
import static io.llmd.sim.core.FlagValue.names;
import static io.llmd.sim.core.FlagValue.number;
import static io.llmd.sim.core.FlagValue.percentage;
import static io.llmd.sim.core.FlagValue.text;
import static io.llmd.sim.core.FlagValue.toggle;
import static io.llmd.sim.core.FlagValue.whole;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every setting of the simulator, by the name it has on the command line, with its one
 * {@link FlagValue}: how its text is read, its default, how it is shown. The same names are used
 * for servlet context init-params and YAML keys, and, upper-cased with {@code SIM_} in front, for
 * environment variables ({@code --time-to-first-token} is {@code SIM_TIME_TO_FIRST_TOKEN}). A new
 * flag is a new constant here, and its use where {@link ConfigParser} assembles the options.
 */
public enum Flag {
    PORT("port", Group.SERVER, whole(0, 65_535).byDefault(8000), "port the launcher listens on"),
    HOST(
            "host",
            Group.SERVER,
            text().otherwise("all interfaces"),
            "address the launcher listens on, as vLLM's --host (e.g. 127.0.0.1)"),
    MODEL("model", Group.MODEL, text(), "the base model the simulator pretends to serve (required)"),
    SERVED_MODEL_NAME(
            "served-model-name",
            Group.MODEL,
            names().otherwise("the model"),
            "names the base model answers to, separated by spaces or commas; the first is reported",
            true),
    LORA(
            "lora",
            Group.MODEL,
            names().otherwise("none"),
            "comma-separated LoRA adapter names (the original simulator's form)"),
    LORA_MODULES(
            "lora-modules",
            Group.MODEL,
            FlagValue.of(LoraModulesSyntax::parse, LoraModulesSyntax::show).otherwise("none"),
            "LoRA adapters as vLLM names them: name=path items or JSON {\"name\":..,\"path\":..} items",
            true),
    MAX_MODEL_LEN(
            "max-model-len",
            Group.MODEL,
            whole(1, Integer.MAX_VALUE).byDefault(1024),
            "context length of the model, in tokens"),
    DEFAULT_EMBEDDING_DIMENSIONS(
            "default-embedding-dimensions",
            Group.MODEL,
            whole(1, Embedder.MAX_DIMENSIONS).byDefault(Embedder.DEFAULT_DIMENSIONS),
            "length of the vectors /v1/embeddings answers when the request sets no 'dimensions'"),
    MODE(
            "mode",
            Group.MODEL,
            FlagValue.of(Mode::parse, Mode::flagValue).byDefault(Mode.RANDOM),
            "'echo' answers with the request's text, 'random' with drawn sentences"),
    SEED(
            "seed",
            Group.MODEL,
            anyWhole().otherwise("time"),
            "seed of every random choice: the same seed and requests give the same answers"),
    TOKENIZER(
            "tokenizer",
            Group.MODEL,
            text().otherwise("built-in"),
            "a Hugging Face tokenizer.json, or a directory holding it and its tokenizer_config.json (whose chat"
                    + " template is used): prompts get the ids that tokenizer gives; nothing is downloaded"),
    CHAT_TEMPLATE(
            "chat-template",
            Group.MODEL,
            text().otherwise("the tokenizer's, else built-in ChatML"),
            "a Jinja chat template file, or the template itself, rendering chat messages into the prompt"),
    TIME_TO_FIRST_TOKEN(
            "time-to-first-token",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "milliseconds from start of processing to the first token"),
    INTER_TOKEN_LATENCY(
            "inter-token-latency", Group.LATENCY, millis().byDefault(Duration.ZERO), "milliseconds between two tokens"),
    MAX_NUM_SEQS(
            "max-num-seqs",
            Group.SCHEDULING,
            whole(1, Integer.MAX_VALUE).byDefault(5),
            "requests processed at once; the others wait in FIFO order",
            false,
            "max-running-requests"),
    MAX_LORAS(
            "max-loras",
            Group.SCHEDULING,
            whole(1, Integer.MAX_VALUE).byDefault(1),
            "most distinct LoRA adapters in one running batch"),
    MAX_CPU_LORAS(
            "max-cpu-loras",
            Group.SCHEDULING,
            whole(0, Integer.MAX_VALUE).otherwise("max-loras"),
            "most LoRA adapters kept loaded (LRU); at least max-loras (0: max-loras, as the Go simulator reads it)"),
    MAX_WAITING_QUEUE_LENGTH(
            "max-waiting-queue-length",
            Group.SCHEDULING,
            whole(0, Integer.MAX_VALUE).byDefault(1000),
            "most requests waiting; a request arriving when the queue is full gets 429"),
    /**
     * Without it the cache grows beyond this default to hold --max-num-seqs requests of the full
     * context. 0 reads (the Go simulator takes it), and is then refused as vLLM refuses a cache that
     * cannot hold --max-model-len.
     */
    KV_CACHE_SIZE(
            "kv-cache-size",
            Group.SCHEDULING,
            whole(0, Integer.MAX_VALUE).byDefault(1024),
            "KV-cache blocks; a running request holds ceil(tokens / block-size)"),
    BLOCK_SIZE("block-size", Group.SCHEDULING, whole(1, 65_536).byDefault(16), "tokens per KV-cache block"),
    /** Up to an hour: longer than any sensible drain. */
    SHUTDOWN_TIMEOUT(
            "shutdown-timeout",
            Group.SERVER,
            FlagValue.duration(ChronoUnit.SECONDS, Duration.ofHours(1), "3600 (one hour)")
                    .byDefault(Duration.ofSeconds(30)),
            "seconds (or a duration: 90s, 2m) to let running requests and streams finish on shutdown, "
                    + "after admitting stops"),
    /** Up to a GiB: bodies are held in memory while they are decoded. */
    MAX_REQUEST_BODY_SIZE_MB(
            "max-request-body-size-mb",
            Group.SERVER,
            whole(1, 1_024).byDefault(4),
            "largest request body in MiB; a larger one gets 413 without being read"),
    SSL_CERTFILE(
            "ssl-certfile",
            Group.SERVER,
            text().otherwise("none"),
            "PEM certificate (chain): the launcher serves HTTPS on --port"),
    SSL_KEYFILE(
            "ssl-keyfile",
            Group.SERVER,
            text().otherwise("none"),
            "PEM private key (PKCS#8 or PKCS#1 RSA) of --ssl-certfile"),
    LOG_REQUESTS(
            "log-requests",
            Group.SERVER,
            toggle(),
            "one log line per request: method, path, status, model, tokens, duration",
            false,
            "enable-log-requests"),
    DISABLE_LOG_REQUESTS(
            "disable-log-requests",
            Group.SERVER,
            toggle(),
            "vLLM's deprecated switch: no request log lines, whatever --log-requests says"),
    WARM_UP(
            "warm-up",
            Group.SERVER,
            toggle().byDefault(true),
            "before serving, run the chat and completions paths in memory so the first requests are on time;"
                    + " false starts faster"),
    API_KEY(
            "api-key",
            Group.SERVER,
            text().otherwise("none"),
            "every /v1 call needs 'Authorization: Bearer KEY', /v1/messages also takes 'X-Api-Key: KEY'"
                    + " (also read from VLLM_API_KEY)"),
    ENABLE_REQUEST_ID_HEADERS(
            "enable-request-id-headers",
            Group.SERVER,
            toggle(),
            "answer with an X-Request-Id header: the client's, or a new one"),
    TIME_TO_FIRST_TOKEN_STD_DEV(
            "time-to-first-token-std-dev",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "standard deviation of the time to first token, in ms; at most 30% of it"),
    INTER_TOKEN_LATENCY_STD_DEV(
            "inter-token-latency-std-dev",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "standard deviation of the inter-token latency, in ms; at most 30% of it"),
    PREFILL_OVERHEAD(
            "prefill-overhead",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "ms of prefill of any prompt; times the first token when --time-to-first-token is not set"),
    PREFILL_TIME_PER_TOKEN(
            "prefill-time-per-token",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "ms of prefill per prompt token not already cached; times the first token when --time-to-first-token"
                    + " is not set"),
    PREFILL_TIME_STD_DEV(
            "prefill-time-std-dev",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "standard deviation of the prefill time, in ms (samples stay within 70% of the prefill time)"),
    TIME_FACTOR_UNDER_LOAD(
            "time-factor-under-load",
            Group.LATENCY,
            number(1, LatencyOptions.MAX_TIME_FACTOR).byDefault(1.0),
            "how many times slower the first token and the next ones are with --max-num-seqs running, growing"
                    + " linearly from 1 (a KV-cache transfer is not slowed)"),
    FAILURE_INJECTION_RATE(
            "failure-injection-rate",
            Group.FAULTS,
            percentage().byDefault(0.0),
            "percentage (0-100) of requests answered with an injected error instead"),
    FAILURE_TYPES(
            "failure-types",
            Group.FAULTS,
            FlagValue.of(FailureType::parseAll, FailureType::flagValues).byDefault(FailureType.ALL, "all"),
            "injected errors to choose from: rate_limit, "
                    + "invalid_api_key, context_length, server_error, invalid_request, model_not_found",
            true),
    CONFIG(
            "config",
            Group.SERVER,
            text().otherwise("none"),
            "YAML file with flags as keys; the environment and the command line win over it"),
    // The Go simulator's flags (issue 16): its tools, latency, TLS, logging and omni knobs.
    LATENCY_CALCULATOR(
            "latency-calculator",
            Group.LATENCY,
            FlagValue.of(LatencyCalculator::parse, LatencyCalculator::flagValue).byDefault(LatencyCalculator.DEFAULT),
            "'constant': --time-to-first-token (and --kv-cache-transfer-latency) whatever the prompt; 'per-token': "
                    + "the prefill flags (and --kv-cache-transfer-time-per-token); 'default': the constant ones when "
                    + "set (or their std-dev), else the per-token ones"),
    KV_CACHE_TRANSFER_TIME_STD_DEV(
            "kv-cache-transfer-time-std-dev",
            Group.DISAGGREGATION,
            millis().byDefault(Duration.ZERO),
            "standard deviation of a transfer timed by --kv-cache-transfer-time-per-token, in ms"),
    MAX_TOOL_CALL_INTEGER_PARAM(
            "max-tool-call-integer-param",
            Group.TOOLS,
            anyWhole().byDefault(100L),
            "largest integer argument of a generated tool call (a schema's own maximum wins where tighter)"),
    MIN_TOOL_CALL_INTEGER_PARAM(
            "min-tool-call-integer-param",
            Group.TOOLS,
            anyWhole().byDefault(0L),
            "smallest integer argument of a generated tool call (a schema's own minimum wins where tighter)"),
    MAX_TOOL_CALL_NUMBER_PARAM(
            "max-tool-call-number-param",
            Group.TOOLS,
            number(-ToolCallOptions.NUMBER_LIMIT, ToolCallOptions.NUMBER_LIMIT).byDefault(100.0),
            "largest number argument of a generated tool call (a schema's own maximum wins where tighter)"),
    MIN_TOOL_CALL_NUMBER_PARAM(
            "min-tool-call-number-param",
            Group.TOOLS,
            number(-ToolCallOptions.NUMBER_LIMIT, ToolCallOptions.NUMBER_LIMIT).byDefault(0.0),
            "smallest number argument of a generated tool call (a schema's own minimum wins where tighter)"),
    MAX_TOOL_CALL_ARRAY_PARAM_LENGTH(
            "max-tool-call-array-param-length",
            Group.TOOLS,
            whole(0, Integer.MAX_VALUE).byDefault(5),
            "most items of an array argument of a generated tool call (a schema's maxItems wins where tighter)"),
    MIN_TOOL_CALL_ARRAY_PARAM_LENGTH(
            "min-tool-call-array-param-length",
            Group.TOOLS,
            whole(0, Integer.MAX_VALUE).byDefault(1),
            "fewest items of an array argument of a generated tool call (a schema's minItems wins where tighter)"),
    TOOL_CALL_NOT_REQUIRED_PARAM_PROBABILITY(
            "tool-call-not-required-param-probability",
            Group.TOOLS,
            percentage().byDefault(50.0),
            "percentage (0-100) of a tool's optional parameters a generated call gives"),
    OBJECT_TOOL_CALL_NOT_REQUIRED_FIELD_PROBABILITY(
            "object-tool-call-not-required-field-probability",
            Group.TOOLS,
            percentage().byDefault(50.0),
            "percentage (0-100) of the optional fields of an object argument a generated call gives"),
    TOOL_CALL_EXTRA_CALL_PROBABILITY(
            "tool-call-extra-call-probability",
            Group.TOOLS,
            percentage().byDefault(45.0),
            "percentage (0-100) of a further tool call: from the fewest calls tool_choice allows (auto 0, "
                    + "required and a named function 1), one more while a draw succeeds, up to one per tool "
                    + "(a named function: 1; parallel_tool_calls false: 1)"),
    SKIP_TOOL_VALIDATION(
            "skip-tool-validation",
            Group.TOOLS,
            toggle(),
            "take a tool whose parameter schema no value satisfies, as vLLM passes tools on, and never call it"),
    SELF_SIGNED_CERTS(
            "self-signed-certs",
            Group.SERVER,
            toggle(),
            "the launcher serves HTTPS with a certificate made at start (not with --ssl-certfile)"),
    LOG_HTTP(
            "log-http",
            Group.SERVER,
            toggle(),
            "log each request and its response whole: method, URI, headers, bodies (bounded), status"),
    OMNI(
            "omni",
            Group.OMNI,
            toggle(),
            "omni mode: a chat completion may carry a generated image (see --image-emission-rate, X-Send-Image)"),
    IMAGE_EMISSION_RATE(
            "image-emission-rate",
            Group.OMNI,
            percentage().byDefault(0.0),
            "percentage (0-100) of chat completions that carry an image in omni mode"),
    TIME_TO_GENERATE_IMAGE(
            "time-to-generate-image",
            Group.OMNI,
            millis().byDefault(Duration.ZERO),
            "ms an omni answer's image takes after its last token, as the Go simulator sleeps before it (not "
                    + "slowed by the load)"),
    TIME_TO_GENERATE_IMAGE_STD_DEV(
            "time-to-generate-image-std-dev",
            Group.OMNI,
            millis().byDefault(Duration.ZERO),
            "standard deviation of --time-to-generate-image, in ms; at most 30% of it"),
    MM_ENCODER_ONLY(
            "mm-encoder-only",
            Group.OMNI,
            toggle(),
            "vLLM's encoder-only mode; not simulated: the simulator refuses to start with it"),
    // Accepted so that existing command lines run, and ignored with one warning line: they tune a
    // real engine (vLLM's or the Go simulator's) and mean nothing to this simulator.
    ENFORCE_EAGER("enforce-eager", Group.IGNORED, toggle(), "vLLM: always use eager-mode PyTorch"),
    TENSOR_PARALLEL_SIZE("tensor-parallel-size", Group.IGNORED, text().otherwise("1"), "vLLM: GPUs per replica"),
    PIPELINE_PARALLEL_SIZE("pipeline-parallel-size", Group.IGNORED, text().otherwise("1"), "vLLM: pipeline stages"),
    GPU_MEMORY_UTILIZATION(
            "gpu-memory-utilization", Group.IGNORED, text().otherwise("0.9"), "vLLM: share of GPU memory used"),
    DTYPE("dtype", Group.IGNORED, text().otherwise("auto"), "vLLM: the weights' data type"),
    KV_CACHE_DTYPE("kv-cache-dtype", Group.IGNORED, text().otherwise("auto"), "vLLM: the KV cache's data type"),
    QUANTIZATION("quantization", Group.IGNORED, text().otherwise("none"), "vLLM: the weights' quantization"),
    TRUST_REMOTE_CODE("trust-remote-code", Group.IGNORED, toggle(), "vLLM: run the model's own code"),
    DOWNLOAD_DIR("download-dir", Group.IGNORED, text().otherwise("none"), "vLLM: where weights are downloaded"),
    LOAD_FORMAT("load-format", Group.IGNORED, text().otherwise("auto"), "vLLM: the weights' format"),
    REVISION("revision", Group.IGNORED, text().otherwise("none"), "vLLM: the model's revision"),
    MAX_NUM_BATCHED_TOKENS(
            "max-num-batched-tokens", Group.IGNORED, text().otherwise("none"), "vLLM: tokens per scheduler step"),
    ENABLE_CHUNKED_PREFILL("enable-chunked-prefill", Group.IGNORED, toggle(), "vLLM: chunked prefill"),
    SWAP_SPACE("swap-space", Group.IGNORED, text().otherwise("4"), "vLLM: CPU swap space per GPU, in GiB"),
    CPU_OFFLOAD_GB("cpu-offload-gb", Group.IGNORED, text().otherwise("0"), "vLLM: weights offloaded to the CPU"),
    DISABLE_LOG_STATS("disable-log-stats", Group.IGNORED, toggle(), "vLLM: no periodic statistics log"),
    ENABLE_AUTO_TOOL_CHOICE(
            "enable-auto-tool-choice", Group.IGNORED, toggle(), "vLLM: let the model call tools on its own"),
    TOOL_CALL_PARSER("tool-call-parser", Group.IGNORED, text().otherwise("none"), "vLLM: the model's tool syntax"),
    REASONING_PARSER("reasoning-parser", Group.IGNORED, text().otherwise("none"), "vLLM: the model's reasoning syntax"),
    ENABLE_LORA("enable-lora", Group.IGNORED, toggle(), "vLLM: serve LoRA adapters (always on here)"),
    MAX_LORA_RANK("max-lora-rank", Group.IGNORED, text().otherwise("16"), "vLLM: the largest LoRA rank"),
    DISTRIBUTED_EXECUTOR_BACKEND(
            "distributed-executor-backend", Group.IGNORED, text().otherwise("none"), "vLLM: ray or mp"),
    KV_TRANSFER_CONFIG(
            "kv-transfer-config",
            Group.IGNORED,
            text().otherwise("none"),
            "vLLM: the KV connector (requests' kv_transfer_params work without it)"),
    MM_PROCESSOR_KWARGS(
            "mm-processor-kwargs", Group.IGNORED, text().otherwise("none"), "vLLM: multi-modal processor arguments"),
    EC_TRANSFER_CONFIG("ec-transfer-config", Group.IGNORED, text().otherwise("none"), "vLLM: encoder-cache transfer"),
    DISABLE_UVICORN_ACCESS_LOG(
            "disable-uvicorn-access-log", Group.IGNORED, toggle(), "vLLM: no uvicorn access log (there is none here)"),
    UVICORN_LOG_LEVEL("uvicorn-log-level", Group.IGNORED, text().otherwise("info"), "vLLM: uvicorn's log level"),
    ENABLE_EXPERT_PARALLEL(
            "enable-expert-parallel", Group.IGNORED, toggle(), "vLLM: expert parallelism for MoE layers"),
    DATA_PARALLEL_SIZE_LOCAL(
            "data-parallel-size-local",
            Group.IGNORED,
            text().otherwise("none"),
            "vLLM: data-parallel ranks on this node (see --data-parallel-size)"),
    DATA_PARALLEL_ADDRESS(
            "data-parallel-address", Group.IGNORED, text().otherwise("none"), "vLLM: data-parallel head address"),
    DATA_PARALLEL_RPC_PORT(
            "data-parallel-rpc-port", Group.IGNORED, text().otherwise("none"), "vLLM: data-parallel RPC port"),
    API_SERVER_COUNT("api-server-count", Group.IGNORED, text().otherwise("1"), "vLLM: API server processes"),
    COMPILATION_CONFIG(
            "compilation-config", Group.IGNORED, text().otherwise("none"), "vLLM: torch.compile and CUDA graphs"),
    LIMIT_MM_PER_PROMPT(
            "limit-mm-per-prompt", Group.IGNORED, text().otherwise("none"), "vLLM: multi-modal items per prompt"),
    MAX_LOG_LEN(
            "max-log-len",
            Group.IGNORED,
            text().otherwise("unlimited"),
            "vLLM: prompt characters a request log shows (--log-requests logs no prompt here)"),
    TOKENIZER_MODE("tokenizer-mode", Group.IGNORED, text().otherwise("auto"), "vLLM: slow, fast or mistral tokenizer"),
    /** Its value is a secret: the warning line says only that it is set. */
    HF_TOKEN("hf-token", Group.IGNORED, text().otherwise("none"), "vLLM: Hugging Face token (nothing is downloaded)"),
    RENDER_URL(
            "render-url",
            Group.IGNORED,
            text().otherwise("none"),
            "Go simulator: its tokenizer service (this simulator tokenizes in-process)"),
    RENDER_TIMEOUT("render-timeout", Group.IGNORED, text().otherwise("30s"), "Go simulator: --render-url's timeout"),
    MM_RENDER_TIMEOUT(
            "mm-render-timeout", Group.IGNORED, text().otherwise("60s"), "Go simulator: multi-modal render timeout"),
    FORCE_DUMMY_TOKENIZER(
            "force-dummy-tokenizer", Group.IGNORED, toggle(), "Go simulator: its built-in tokenizer (always here)"),
    TOKENIZERS_CACHE_DIR(
            "tokenizers-cache-dir", Group.IGNORED, text().otherwise("none"), "Go simulator: tokenizer downloads"),
    // klog's flags, which the Go simulator takes (-v 5 as well as --v=5).
    V("v", Group.IGNORED, text().otherwise("2"), "klog: log verbosity (-v 5 works too)"),
    VMODULE("vmodule", Group.IGNORED, text().otherwise("none"), "klog: verbosity per file"),
    LOGTOSTDERR("logtostderr", Group.IGNORED, toggle(), "klog: log to standard error"),
    ALSOLOGTOSTDERR("alsologtostderr", Group.IGNORED, toggle(), "klog: log to standard error too"),
    STDERRTHRESHOLD("stderrthreshold", Group.IGNORED, text().otherwise("2"), "klog: least severity on stderr"),
    LOG_DIR("log_dir", Group.IGNORED, text().otherwise("none"), "klog: log file directory"),
    LOG_FILE("log_file", Group.IGNORED, text().otherwise("none"), "klog: log file"),
    LOG_FILE_MAX_SIZE("log_file_max_size", Group.IGNORED, text().otherwise("1800"), "klog: log file size, in MB"),
    LOG_BACKTRACE_AT("log_backtrace_at", Group.IGNORED, text().otherwise("none"), "klog: stack trace at file:line"),
    ADD_DIR_HEADER("add_dir_header", Group.IGNORED, toggle(), "klog: file directory in headers"),
    SKIP_HEADERS("skip_headers", Group.IGNORED, toggle(), "klog: no log headers"),
    SKIP_LOG_HEADERS("skip_log_headers", Group.IGNORED, toggle(), "klog: no headers in log files"),
    ONE_OUTPUT("one_output", Group.IGNORED, toggle(), "klog: each line in one file only"),
    LEGACY_STDERR_THRESHOLD_BEHAVIOR(
            "legacy_stderr_threshold_behavior",
            Group.IGNORED,
            text().otherwise("true"),
            "klog: stderrthreshold's old meaning"),
    KV_CACHE_TRANSFER_LATENCY(
            "kv-cache-transfer-latency",
            Group.DISAGGREGATION,
            millis().byDefault(Duration.ZERO),
            "milliseconds a remote-prefilled request (kv_transfer_params.do_remote_prefill) waits for its KV cache "
                    + "instead of prefilling"),
    KV_CACHE_TRANSFER_LATENCY_STD_DEV(
            "kv-cache-transfer-latency-std-dev",
            Group.DISAGGREGATION,
            millis().byDefault(Duration.ZERO),
            "standard deviation of --kv-cache-transfer-latency (at most 30% of it)"),
    KV_CACHE_TRANSFER_TIME_PER_TOKEN(
            "kv-cache-transfer-time-per-token",
            Group.DISAGGREGATION,
            millis().byDefault(Duration.ZERO),
            "milliseconds per prompt token of a KV-cache transfer; times it when --kv-cache-transfer-latency is not"
                    + " set"),
    ENABLE_SLEEP_MODE(
            "enable-sleep-mode",
            Group.OPERATIONS,
            toggle(),
            "accepted as vLLM takes it (a simulated engine has no GPU memory to release asleep); vLLM's"
                    + " POST /sleep, POST /wake_up and GET /is_sleeping are served with VLLM_SERVER_DEV_MODE=1"),
    ENABLE_ADMIN_API(
            "enable-admin-api",
            Group.OPERATIONS,
            toggle(),
            "serve GET and POST /admin/config (also on with VLLM_SERVER_DEV_MODE=1); behind --api-key"),
    FAKE_METRICS(
            "fake-metrics",
            Group.OPERATIONS,
            FlagValue.of(FakeMetrics::parse, FakeMetrics::show).otherwise("none"),
            "JSON object of what /metrics reports instead of the engine's own: running-requests, waiting-requests,"
                    + " kv-cache-usage (a number or \"ramp:0.2:0.9:5m\"), loras, *-buckets-values, start counts"),
    FAKE_METRICS_REFRESH_INTERVAL(
            "fake-metrics-refresh-interval",
            Group.OPERATIONS,
            millis().byDefault(Duration.ofMillis(100)),
            "milliseconds between two values of a fake-metrics function; above 0"),
    DATA_PARALLEL_SIZE(
            "data-parallel-size",
            Group.OPERATIONS,
            whole(1, 8).byDefault(1),
            "independent engines (data-parallel ranks) the launcher serves, rank r on --port + r"),
    DATA_PARALLEL_RANK(
            "data-parallel-rank",
            Group.OPERATIONS,
            whole(-1, 7).otherwise("none"),
            "serve one engine that is rank K of a data-parallel deployment (its seed is --seed + K); -1: none, as"
                    + " the Go simulator's default"),
    STARTUP_DURATION(
            "startup-duration",
            Group.OPERATIONS,
            millis().byDefault(Duration.ZERO),
            "milliseconds after start during which GET /health/ready answers 503, as a model still loading"),
    DATASET_PATH(
            "dataset-path",
            Group.DATASET,
            text().otherwise("none"),
            "SQLite file of recorded answers (the Go simulator's dataset): answers to a recorded prompt come from it,"
                    + " other prompts get a recorded answer of a fitting length"),
    DATASET_URL(
            "dataset-url",
            Group.DATASET,
            text().otherwise("none"),
            "where to download --dataset-path from at start when that file does not exist yet (needs --dataset-path)"),
    DATASET_IN_MEMORY("dataset-in-memory", Group.DATASET, toggle(), "copy the dataset's table into memory at start"),
    DATASET_TABLE_NAME(
            "dataset-table-name",
            Group.DATASET,
            text().byDefault("llmd"),
            "the dataset's table (columns id, prompt_hash, gen_tokens, n_gen_tokens)"),
    ENABLE_PREFIX_CACHING(
            "enable-prefix-caching",
            Group.PREFIX_CACHE,
            toggle().byDefault(true),
            "keep full prompt blocks cached for later prompts with the same prefix (vLLM V1's default)"),
    ENABLE_KVCACHE(
            "enable-kvcache",
            Group.PREFIX_CACHE,
            toggle(),
            "the Go simulator's switch: prefix caching on, and cached tokens reported in usage"),
    GLOBAL_CACHE_HIT_THRESHOLD(
            "global-cache-hit-threshold",
            Group.PREFIX_CACHE,
            number(0, 1).byDefault(0.0),
            "the Go simulator's cache-hit threshold (0 to 1; 0 for none) of chat and completion requests without"
                    + " cache_hit_threshold: one whose prompt's cached share is below it ends at once, finish_reason"
                    + " cache_threshold"),
    PREFIX_CACHING_HASH_ALGO(
            "prefix-caching-hash-algo",
            Group.PREFIX_CACHE,
            FlagValue.of(PrefixHashAlgo::parse, PrefixHashAlgo::flagValue).byDefault(PrefixHashAlgo.SHA256),
            "how block keys are serialized before SHA-256: 'sha256' (pickle, vLLM's default) or 'sha256_cbor'"),
    HASH_SEED(
            "hash-seed",
            Group.PREFIX_CACHE,
            text().otherwise("PYTHONHASHSEED, else random"),
            "seed of the block-hash chain: the same seed gives the same block hashes as vLLM with that PYTHONHASHSEED"),
    ENABLE_PROMPT_TOKENS_DETAILS(
            "enable-prompt-tokens-details",
            Group.PREFIX_CACHE,
            toggle(),
            "usage reports prompt_tokens_details.cached_tokens when the prompt hit the prefix cache"),
    KV_EVENTS_CONFIG(
            "kv-events-config",
            Group.PREFIX_CACHE,
            FlagValue.of(KvEventsOptions::parseConfig, map -> map.toString()).otherwise("off"),
            "vLLM's KV-event publisher as JSON: enable_kv_cache_events, publisher, endpoint, replay_endpoint, "
                    + "buffer_steps, hwm, max_queue_size, topic"),
    ZMQ_ENDPOINT(
            "zmq-endpoint",
            Group.PREFIX_CACHE,
            text().otherwise("none"),
            "the Go simulator's KV-event endpoint: publish events there (kv-events-config's endpoint)"),
    EVENT_BATCH_SIZE(
            "event-batch-size",
            Group.PREFIX_CACHE,
            whole(1, 1_000_000).byDefault(16),
            "most KV events in one published batch"),
    KV_EVENTS_REPLAY_ENDPOINT(
            "kv-events-replay-endpoint",
            Group.PREFIX_CACHE,
            text().otherwise("none"),
            "the Go simulator's replay endpoint (kv-events-config's replay_endpoint): a ROUTER answering replays"),
    KV_EVENTS_REPLAY_QUEUE_SIZE(
            "kv-events-replay-queue-size",
            Group.PREFIX_CACHE,
            whole(1, 100_000_000).otherwise("buffer_steps, 10000"),
            "batches kept for replay (kv-events-config's buffer_steps)"),
    USE_VLLM_MAP_EVENT_FORMAT(
            "use-vllm-map-event-format",
            Group.PREFIX_CACHE,
            toggle(),
            "events as tagged maps, as vLLM writes them since its PR #42892, instead of tagged arrays");

    /** Flag groups, in the order help lists them. */
    public enum Group {
        SERVER("Server"),
        MODEL("Model and LoRA"),
        LATENCY("Latency"),
        DISAGGREGATION("Prefill/decode disaggregation"),
        SCHEDULING("Scheduling"),
        PREFIX_CACHE("Prefix cache and KV events"),
        FAULTS("Faults"),
        TOOLS("Tool calls"),
        OMNI("Omni (image output)"),
        OPERATIONS("Operations"),
        DATASET("Recorded answers (dataset)"),
        /** Engine knobs accepted so that vLLM's and the Go simulator's command lines run; each one given is logged as ignored. */
        IGNORED("Accepted and ignored (engine knobs without meaning here)");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final String flagName;
    private final Group group;

    @SuppressWarnings("ImmutableEnumChecker") // FlagValue has only final fields of pure functions and values
    private final FlagValue<?> value;

    private final String help;
    private final boolean multiValued;

    @SuppressWarnings("ImmutableEnumChecker") // an unmodifiable copy
    private final List<String> aliases;

    Flag(String flagName, Group group, FlagValue<?> value, String help) {
        this(flagName, group, value, help, false);
    }

    Flag(String flagName, Group group, FlagValue<?> value, String help, boolean multiValued, String... aliases) {
        this.flagName = flagName;
        this.group = group;
        this.value = value;
        this.help = help;
        this.multiValued = multiValued;
        this.aliases = List.of(aliases);
    }

    /** The canonical name, without dashes. */
    public String flagName() {
        return flagName;
    }

    public Group group() {
        return group;
    }

    /** What the flag's value is: its parser, its default, how it is shown. */
    FlagValue<?> value() {
        return value;
    }

    /** How help shows the default, or null when the flag is required. */
    public @Nullable String defaultText() {
        return value.defaultText();
    }

    public String help() {
        return help;
    }

    /** Whether the command line takes several space-separated values after this flag, as vLLM does. */
    public boolean multiValued() {
        return multiValued;
    }

    public List<String> aliases() {
        return aliases;
    }

    /** Whether the flag is a switch (its default is false): given alone on the command line, it means true. */
    public boolean isSwitch() {
        return value.isSwitch();
    }

    /** The environment variable for a flag name: {@code SIM_} and the name upper-cased with underscores. */
    public static String environmentName(String name) {
        return "SIM_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** Finds a flag by its canonical name or an alias. */
    public static Optional<Flag> byName(String name) {
        for (Flag flag : values()) {
            if (flag.flagName.equals(name) || flag.aliases.contains(name)) {
                return Optional.of(flag);
            }
        }
        return Optional.empty();
    }
}
