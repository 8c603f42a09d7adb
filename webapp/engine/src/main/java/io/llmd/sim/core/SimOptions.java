package io.llmd.sim.core;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Every option of the simulator, by section, from one parse of every flag ({@link ConfigParser#parse}):
 * what the engine simulates, how the server around it behaves, and the API's own options. Java
 * callers build one with {@link #builder()}.
 *
 * @param engine the engine's configuration, with its latency, failure and KV-transfer sections
 * @param server where the launcher listens, TLS, the drain, the body limit and the request log
 * @param api    the API key and request-id headers
 * @param operations sleep mode and the administration API
 * @param tokenizer  the tokenizer and chat template that read the prompts
 */
public record SimOptions(
        SimConfig engine,
        ServerOptions server,
        ApiOptions api,
        OperationsOptions operations,
        TokenizerOptions tokenizer) {

    public SimOptions {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(tokenizer, "tokenizer");
    }

    /** Options with the built-in tokenizer and chat template. */
    public SimOptions(SimConfig engine, ServerOptions server, ApiOptions api, OperationsOptions operations) {
        this(engine, server, api, operations, TokenizerOptions.BUILT_IN);
    }

    /** A builder that starts from every flag's default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The effective settings of every section by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>(engine.describe());
        out.putAll(server.describe());
        out.putAll(api.describe());
        out.putAll(operations.describe());
        out.putAll(tokenizer.describe());
        return out;
    }

    /**
     * Options for Java callers, such as tests: {@code SimOptions.builder().model("m").maxNumSeqs(4).build()}.
     * Each setter writes the flag's text as a user would type it, so that a value set here meets
     * the same parser, the same checks and the same messages as one from the command line;
     * {@link #set(Flag, String)} reaches every flag, the typed setters the common ones.
     */
    public static final class Builder {
        private final Map<Flag, String> values = new EnumMap<>(Flag.class);
        private LongSupplier timeSeed = () -> System.nanoTime() ^ System.currentTimeMillis();
        private @Nullable String vllmApiKey;
        private boolean devMode;

        private Builder() {}

        /** Sets a flag to a value as the command line gives it ({@code "a=/p/a b=/p/b"} for two LoRA modules). */
        public Builder set(Flag flag, String value) {
            values.put(Objects.requireNonNull(flag, "flag"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets every flag of {@code values}, e.g. the winning values of the configuration's sources. */
        public Builder set(Map<Flag, String> values) {
            values.forEach(this::set);
            return this;
        }

        public Builder model(String model) {
            return set(Flag.MODEL, model);
        }

        /** The names the base model answers to; the first is reported. */
        public Builder servedModelNames(String... names) {
            return set(Flag.SERVED_MODEL_NAME, String.join(" ", names));
        }

        public Builder maxModelLen(int tokens) {
            return set(Flag.MAX_MODEL_LEN, Integer.toString(tokens));
        }

        public Builder mode(Mode mode) {
            return set(Flag.MODE, mode.flagValue());
        }

        public Builder seed(long seed) {
            return set(Flag.SEED, Long.toString(seed));
        }

        public Builder timeToFirstToken(Duration latency) {
            return set(Flag.TIME_TO_FIRST_TOKEN, FlagValue.millisText(latency));
        }

        public Builder interTokenLatency(Duration latency) {
            return set(Flag.INTER_TOKEN_LATENCY, FlagValue.millisText(latency));
        }

        public Builder maxNumSeqs(int requests) {
            return set(Flag.MAX_NUM_SEQS, Integer.toString(requests));
        }

        public Builder maxWaitingQueueLength(int requests) {
            return set(Flag.MAX_WAITING_QUEUE_LENGTH, Integer.toString(requests));
        }

        public Builder kvCacheSize(int blocks) {
            return set(Flag.KV_CACHE_SIZE, Integer.toString(blocks));
        }

        public Builder blockSize(int tokens) {
            return set(Flag.BLOCK_SIZE, Integer.toString(tokens));
        }

        /** The percentage of requests, 0 to 100, answered with an injected failure. */
        public Builder failureInjectionRate(double percent) {
            return set(Flag.FAILURE_INJECTION_RATE, Double.toString(percent));
        }

        public Builder port(int port) {
            return set(Flag.PORT, Integer.toString(port));
        }

        public Builder host(String host) {
            return set(Flag.HOST, host);
        }

        /** How long a shutdown lets running requests finish, in whole seconds as the flag takes it. */
        public Builder shutdownTimeout(Duration timeout) {
            return set(Flag.SHUTDOWN_TIMEOUT, Long.toString(timeout.toSeconds()));
        }

        /** Whether the deployment runs its request paths in memory before it serves (true by default). */
        public Builder warmUp(boolean warmUp) {
            return set(Flag.WARM_UP, Boolean.toString(warmUp));
        }

        public Builder logRequests(boolean log) {
            return set(Flag.LOG_REQUESTS, Boolean.toString(log));
        }

        public Builder apiKey(String key) {
            return set(Flag.API_KEY, key);
        }

        public Builder requestIdHeaders(boolean enabled) {
            return set(Flag.ENABLE_REQUEST_ID_HEADERS, Boolean.toString(enabled));
        }

        /** Where the seed comes from when none is set; read only then. By default, the time. */
        public Builder timeSeed(LongSupplier timeSeed) {
            this.timeSeed = Objects.requireNonNull(timeSeed, "timeSeed");
            return this;
        }

        /** The key {@code VLLM_API_KEY} gives, used when no API key is set; null for none. */
        public Builder vllmApiKey(@Nullable String key) {
            this.vllmApiKey = key;
            return this;
        }

        /** Whether {@code VLLM_SERVER_DEV_MODE=1} is set, which opens vLLM's development endpoints. */
        public Builder devMode(boolean devMode) {
            this.devMode = devMode;
            return this;
        }

        /**
         * Validates every flag set, and the rules between them.
         *
         * @throws ConfigException naming every value refused, one per line
         */
        public SimOptions build() {
            return ConfigParser.parse(values, timeSeed, vllmApiKey, devMode);
        }
    }
}
