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
            whole(1, Integer.MAX_VALUE).otherwise("max-loras"),
            "most LoRA adapters kept loaded (LRU); at least max-loras"),
    MAX_WAITING_QUEUE_LENGTH(
            "max-waiting-queue-length",
            Group.SCHEDULING,
            whole(0, Integer.MAX_VALUE).byDefault(1000),
            "most requests waiting; a request arriving when the queue is full gets 429"),
    /** Without it the cache grows beyond this default to hold --max-num-seqs requests of the full context. */
    KV_CACHE_SIZE(
            "kv-cache-size",
            Group.SCHEDULING,
            whole(1, Integer.MAX_VALUE).byDefault(1024),
            "KV-cache blocks; a running request holds ceil(tokens / block-size)"),
    BLOCK_SIZE("block-size", Group.SCHEDULING, whole(1, 65_536).byDefault(16), "tokens per KV-cache block"),
    /** Up to an hour: longer than any sensible drain. */
    SHUTDOWN_TIMEOUT(
            "shutdown-timeout",
            Group.SERVER,
            whole(0, 3_600).byDefault(30),
            "seconds to let running requests and streams finish on shutdown, after admitting stops"),
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
            "every /v1 call needs 'Authorization: Bearer KEY' (also read from VLLM_API_KEY)"),
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
            "ms of prefill of any prompt; a prefill time set replaces --time-to-first-token"),
    PREFILL_TIME_PER_TOKEN(
            "prefill-time-per-token",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "ms of prefill per prompt token; a prefill time set replaces --time-to-first-token"),
    PREFILL_TIME_STD_DEV(
            "prefill-time-std-dev",
            Group.LATENCY,
            millis().byDefault(Duration.ZERO),
            "standard deviation of the prefill time, in ms; at most 30% of overhead + time per token"),
    TIME_FACTOR_UNDER_LOAD(
            "time-factor-under-load",
            Group.LATENCY,
            number(1, LatencyOptions.MAX_TIME_FACTOR).byDefault(1.0),
            "how many times slower every latency is with --max-num-seqs running, growing linearly from 1"),
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
            "milliseconds per prompt token of a KV-cache transfer; when set, replaces --kv-cache-transfer-latency");

    /** Flag groups, in the order help lists them. */
    public enum Group {
        SERVER("Server"),
        MODEL("Model and LoRA"),
        LATENCY("Latency"),
        DISAGGREGATION("Prefill/decode disaggregation"),
        SCHEDULING("Scheduling"),
        FAULTS("Faults");

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
