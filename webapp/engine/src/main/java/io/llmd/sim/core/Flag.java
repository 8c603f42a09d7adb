package io.llmd.sim.core;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the simulator, by the name it has on the command line. The same names are used
 * for servlet context init-params, and, upper-cased with {@code SIM_} in front, for environment
 * variables ({@code --time-to-first-token} is {@code SIM_TIME_TO_FIRST_TOKEN}).
 */
public enum Flag {
    PORT("port", Group.SERVER, "8000", "port the launcher listens on"),
    HOST("host", Group.SERVER, "all interfaces", "address the launcher listens on, as vLLM's --host (e.g. 127.0.0.1)"),
    MODEL("model", Group.MODEL, null, "the base model the simulator pretends to serve (required)"),
    SERVED_MODEL_NAME("served-model-name", Group.MODEL, "the model",
            "names the base model answers to, separated by spaces or commas; the first is reported", true),
    LORA("lora", Group.MODEL, "none", "comma-separated LoRA adapter names (the original simulator's form)"),
    LORA_MODULES("lora-modules", Group.MODEL, "none",
            "LoRA adapters as vLLM names them: name=path items or JSON {\"name\":..,\"path\":..} items", true),
    MAX_MODEL_LEN("max-model-len", Group.MODEL, "1024", "context length of the model, in tokens"),
    MODE("mode", Group.MODEL, "random", "'echo' answers with the request's text, 'random' with drawn sentences"),
    SEED("seed", Group.MODEL, "time", "seed of every random choice: the same seed and requests give the same answers"),
    TIME_TO_FIRST_TOKEN("time-to-first-token", Group.LATENCY, "0", "milliseconds from start of processing to the first token"),
    INTER_TOKEN_LATENCY("inter-token-latency", Group.LATENCY, "0", "milliseconds between two tokens"),
    MAX_NUM_SEQS("max-num-seqs", Group.SCHEDULING, "5", "requests processed at once; the others wait in FIFO order",
            false, "max-running-requests"),
    MAX_LORAS("max-loras", Group.SCHEDULING, "1", "most distinct LoRA adapters in one running batch"),
    MAX_CPU_LORAS("max-cpu-loras", Group.SCHEDULING, "max-loras", "most LoRA adapters kept loaded (LRU); at least max-loras"),
    MAX_WAITING_QUEUE_LENGTH("max-waiting-queue-length", Group.SCHEDULING, "1000",
            "most requests waiting; a request arriving when the queue is full gets 429"),
    KV_CACHE_SIZE("kv-cache-size", Group.SCHEDULING, "1024", "KV-cache blocks; a running request holds ceil(tokens / block-size)"),
    BLOCK_SIZE("block-size", Group.SCHEDULING, "16", "tokens per KV-cache block"),
    SHUTDOWN_TIMEOUT("shutdown-timeout", Group.SERVER, "30",
            "seconds to let running requests and streams finish on shutdown, after admitting stops"),
    MAX_REQUEST_BODY_SIZE_MB("max-request-body-size-mb", Group.SERVER, "4",
            "largest request body in MiB; a larger one gets 413 without being read"),
    SSL_CERTFILE("ssl-certfile", Group.SERVER, "none", "PEM certificate (chain): the launcher serves HTTPS on --port"),
    SSL_KEYFILE("ssl-keyfile", Group.SERVER, "none", "PEM private key (PKCS#8 or PKCS#1 RSA) of --ssl-certfile"),
    LOG_REQUESTS("log-requests", Group.SERVER, "false",
            "one log line per request: method, path, status, model, tokens, duration", false, "enable-log-requests"),
    API_KEY("api-key", Group.SERVER, "none",
            "every /v1 call needs 'Authorization: Bearer KEY' (also read from VLLM_API_KEY)"),
    ENABLE_REQUEST_ID_HEADERS("enable-request-id-headers", Group.SERVER, "false",
            "answer with an X-Request-Id header: the client's, or a new one"),
    TIME_TO_FIRST_TOKEN_STD_DEV("time-to-first-token-std-dev", Group.LATENCY, "0",
            "standard deviation of the time to first token, in ms; at most 30% of it"),
    INTER_TOKEN_LATENCY_STD_DEV("inter-token-latency-std-dev", Group.LATENCY, "0",
            "standard deviation of the inter-token latency, in ms; at most 30% of it"),
    PREFILL_OVERHEAD("prefill-overhead", Group.LATENCY, "0",
            "ms of prefill of any prompt; a prefill time set replaces --time-to-first-token"),
    PREFILL_TIME_PER_TOKEN("prefill-time-per-token", Group.LATENCY, "0",
            "ms of prefill per prompt token; a prefill time set replaces --time-to-first-token"),
    PREFILL_TIME_STD_DEV("prefill-time-std-dev", Group.LATENCY, "0",
            "standard deviation of the prefill time, in ms; at most 30% of overhead + time per token"),
    TIME_FACTOR_UNDER_LOAD("time-factor-under-load", Group.LATENCY, "1",
            "how many times slower every latency is with --max-num-seqs running, growing linearly from 1"),
    FAILURE_INJECTION_RATE("failure-injection-rate", Group.FAULTS, "0",
            "percentage (0-100) of requests answered with an injected error instead"),
    FAILURE_TYPES("failure-types", Group.FAULTS, "all", "injected errors to choose from: rate_limit, "
            + "invalid_api_key, context_length, server_error, invalid_request, model_not_found", true),
    CONFIG("config", Group.SERVER, "none",
            "YAML file with flags as keys; the environment and the command line win over it"),
    KV_CACHE_TRANSFER_LATENCY("kv-cache-transfer-latency", Group.DISAGGREGATION, "0",
            "milliseconds a remote-prefilled request (kv_transfer_params.do_remote_prefill) waits for its KV cache "
                    + "instead of prefilling"),
    KV_CACHE_TRANSFER_LATENCY_STD_DEV("kv-cache-transfer-latency-std-dev", Group.DISAGGREGATION, "0",
            "standard deviation of --kv-cache-transfer-latency (at most 30% of it)"),
    KV_CACHE_TRANSFER_TIME_PER_TOKEN("kv-cache-transfer-time-per-token", Group.DISAGGREGATION, "0",
            "milliseconds per prompt token of a KV-cache transfer; when set, replaces --kv-cache-transfer-latency");

    /** Flag groups, in the order help lists them. */
    public enum Group {
        SERVER("Server"), MODEL("Model and LoRA"), LATENCY("Latency"), DISAGGREGATION("Prefill/decode disaggregation"),
        SCHEDULING("Scheduling"), FAULTS("Faults");

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
    private final String defaultText;
    private final String help;
    private final boolean multiValued;
    private final List<String> aliases;

    Flag(String flagName, Group group, String defaultText, String help) {
        this(flagName, group, defaultText, help, false);
    }

    Flag(String flagName, Group group, String defaultText, String help, boolean multiValued, String... aliases) {
        this.flagName = flagName;
        this.group = group;
        this.defaultText = defaultText;
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

    /** How help shows the default, or null when the flag is required. */
    public String defaultText() {
        return defaultText;
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
        return "false".equals(defaultText);
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
