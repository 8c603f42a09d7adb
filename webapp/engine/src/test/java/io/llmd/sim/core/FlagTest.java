package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each flag declares its default and its parser once, on itself; help and the parse agree. */
class FlagTest {
    private static final SimOptions DEFAULTS =
            SimOptions.builder().model("m").timeSeed(() -> 42L).build();
    private static final Map<String, String> DESCRIBED = DEFAULTS.describe();

    @ParameterizedTest
    @EnumSource(
            value = Flag.class,
            mode = EXCLUDE,
            names = {
                "MODEL",
                "SERVED_MODEL_NAME",
                "SEED",
                "MAX_CPU_LORAS",
                "FAILURE_TYPES",
                "LORA",
                "CONFIG",
                "SSL_CERTFILE",
                "SSL_KEYFILE",
                "ENABLE_KVCACHE",
                "HASH_SEED",
                "ZMQ_ENDPOINT",
                "KV_EVENTS_REPLAY_ENDPOINT",
                "KV_EVENTS_REPLAY_QUEUE_SIZE"
            })
    void helpsDefaultIsWhatAParseWithoutTheFlagGives(Flag flag) {
        // What the simulator ignores has no effective value; its help says what the engine's default is.
        org.junit.jupiter.api.Assumptions.assumeFalse(flag.group() == Flag.Group.IGNORED);
        // vLLM's deprecated switch is folded into log-requests, whose effective value the log shows.
        org.junit.jupiter.api.Assumptions.assumeFalse(flag == Flag.DISABLE_LOG_REQUESTS);
        assertThat(DESCRIBED).containsKey(flag.flagName());
        assertThat(flag.defaultText()).isEqualTo(DESCRIBED.get(flag.flagName()));
    }

    @Test
    void theOtherDefaultsAreWorkedOutFromOtherFlagsOrMeanNone() {
        assertThat(Flag.MODEL.defaultText()).isNull();
        assertThat(Flag.SERVED_MODEL_NAME.defaultText()).isEqualTo("the model");
        assertThat(DEFAULTS.engine().servedModelNames()).containsExactly("m");
        assertThat(Flag.SEED.defaultText()).isEqualTo("time");
        assertThat(DEFAULTS.engine().seed()).isEqualTo(42L);
        assertThat(Flag.MAX_CPU_LORAS.defaultText()).isEqualTo("max-loras");
        assertThat(DESCRIBED.get("max-cpu-loras")).isEqualTo(DESCRIBED.get("max-loras"));
        assertThat(Flag.FAILURE_TYPES.defaultText()).isEqualTo("all");
        assertThat(DEFAULTS.engine().failures().types()).containsExactly(FailureType.values());
        assertThat(Flag.LORA.defaultText()).isEqualTo("none");
        assertThat(DEFAULTS.engine().loras()).isEmpty();
        assertThat(Flag.SSL_CERTFILE.defaultText()).isEqualTo("none");
        assertThat(Flag.SSL_KEYFILE.defaultText()).isEqualTo("none");
        assertThat(DEFAULTS.server().tls()).isFalse();
        assertThat(Flag.CONFIG.defaultText()).isEqualTo("none");
        assertThat(Flag.HASH_SEED.defaultText()).isEqualTo("PYTHONHASHSEED, else random");
        assertThat(DESCRIBED.get("enable-prefix-caching")).isEqualTo("true");
    }

    @Test
    void onlyTheTrueOrFalseFlagsAreSwitches() {
        assertThat(List.of(Flag.values()))
                .filteredOn(Flag::isSwitch)
                .filteredOn(flag -> flag.group() != Flag.Group.IGNORED)
                .containsExactlyInAnyOrder(
                        Flag.LOG_REQUESTS,
                        Flag.DISABLE_LOG_REQUESTS,
                        Flag.WARM_UP,
                        Flag.ENABLE_REQUEST_ID_HEADERS,
                        Flag.SKIP_TOOL_VALIDATION,
                        Flag.SELF_SIGNED_CERTS,
                        Flag.LOG_HTTP,
                        Flag.OMNI,
                        Flag.MM_ENCODER_ONLY,
                        Flag.DATASET_IN_MEMORY,
                        Flag.ENABLE_SLEEP_MODE,
                        Flag.ENABLE_ADMIN_API,
                        Flag.ENABLE_PREFIX_CACHING,
                        Flag.ENABLE_KVCACHE,
                        Flag.ENABLE_PROMPT_TOKENS_DETAILS,
                        Flag.USE_VLLM_MAP_EVENT_FORMAT);
    }

    /** Reads every flag through its parser into its section: a section expecting another type would fail here. */
    @Test
    void everyFlagGivenReadsIntoItsSection() {
        List<String> args = new ArrayList<>();
        for (Flag flag : Flag.values()) {
            args.add("--" + flag.flagName());
            args.add(
                    switch (flag) {
                        case MODEL -> "m";
                        case HOST -> "127.0.0.1";
                        case SERVED_MODEL_NAME -> "s";
                        case LORA -> "x";
                        case LORA_MODULES -> "y=/p/y";
                        case MODE -> "echo";
                        case LOG_REQUESTS,
                                ENABLE_REQUEST_ID_HEADERS,
                                LOG_HTTP,
                                OMNI,
                                SKIP_TOOL_VALIDATION,
                                ENABLE_SLEEP_MODE,
                                ENABLE_ADMIN_API,
                                ENABLE_PREFIX_CACHING,
                                ENABLE_KVCACHE,
                                ENABLE_PROMPT_TOKENS_DETAILS,
                                USE_VLLM_MAP_EVENT_FORMAT -> "true";
                        case KV_EVENTS_CONFIG -> "{\"enable_kv_cache_events\": true, \"topic\": \"kv@p@m\"}";
                        case ZMQ_ENDPOINT -> "tcp://127.0.0.1:5557";
                        case KV_EVENTS_REPLAY_ENDPOINT -> "tcp://*:5558";
                        case PREFIX_CACHING_HASH_ALGO -> "sha256_cbor";
                        // Exclusive with the certificate files, and refused: each has its own test.
                        case SELF_SIGNED_CERTS, MM_ENCODER_ONLY -> "false";
                        case LATENCY_CALCULATOR -> "per-token";
                        case TIME_TO_GENERATE_IMAGE -> "10";
                        case WARM_UP, DISABLE_LOG_REQUESTS -> "false";
                        case SSL_CERTFILE, SSL_KEYFILE, API_KEY, CONFIG -> "/some/" + flag.flagName();
                        case FAILURE_TYPES -> "server_error";
                        case FAKE_METRICS -> "{\"running-requests\":3}";
                        // Refused in echo mode (RecordedAnswersTest has their rules): given empty, meaning none.
                        case DATASET_PATH, DATASET_URL -> "";
                        case DATASET_TABLE_NAME -> "recorded";
                        // It must exist (this module's pom stands in: it is read only when an engine starts).
                        case TOKENIZER -> "pom.xml";
                        case CHAT_TEMPLATE -> "{{ messages }}";
                        // Rank 0 keeps the seed as given.
                        case DATA_PARALLEL_RANK -> "0";
                        case TIME_FACTOR_UNDER_LOAD -> "2";
                        case GLOBAL_CACHE_HIT_THRESHOLD -> "0.25";
                        case MAX_CPU_LORAS, KV_CACHE_SIZE -> "2000";
                        case BLOCK_SIZE -> "32";
                        // What the standard deviations (3) jitter: 30% of it exactly.
                        case TIME_TO_FIRST_TOKEN, INTER_TOKEN_LATENCY, PREFILL_OVERHEAD, KV_CACHE_TRANSFER_LATENCY ->
                            "10";
                        default -> flag.isSwitch() ? "true" : "3";
                    });
        }

        Map<String, String> described = ConfigParser.parse(
                        CommandLine.parse(args.toArray(String[]::new)).values(), () -> 1L, null)
                .describe();

        assertThat(described)
                .containsEntry("model", "m")
                .containsEntry("host", "127.0.0.1")
                .containsEntry("served-model-name", "s")
                .containsEntry("lora-modules", "x=x y=/p/y")
                .containsEntry("mode", "echo")
                .containsEntry("log-requests", "true")
                .containsEntry("warm-up", "false")
                .containsEntry("enable-request-id-headers", "true")
                .containsEntry("enable-prefix-caching", "true")
                .containsEntry("prefix-caching-hash-algo", "sha256_cbor")
                .containsEntry("hash-seed", "3")
                .containsEntry("enable-prompt-tokens-details", "true")
                .containsEntry(
                        "kv-events-config",
                        "{\"enable_kv_cache_events\":true,\"endpoint\":\"tcp://127.0.0.1:5557\","
                                + "\"replay_endpoint\":\"tcp://*:5558\",\"buffer_steps\":3,\"hwm\":100000,"
                                + "\"max_queue_size\":100000,\"topic\":\"kv@p@m\"}")
                .containsEntry("event-batch-size", "3")
                .containsEntry("global-cache-hit-threshold", "0.25")
                .containsEntry("dataset-path", "none")
                .containsEntry("dataset-table-name", "recorded")
                .containsEntry("use-vllm-map-event-format", "true")
                .containsEntry("ssl-keyfile", "/some/ssl-keyfile")
                .containsEntry("api-key", "(set)")
                .containsEntry("failure-types", "server_error")
                .containsEntry("time-factor-under-load", "2")
                .containsEntry("max-cpu-loras", "2000")
                .containsEntry("kv-cache-size", "2000")
                .containsEntry("block-size", "32")
                .containsEntry("tokenizer", "pom.xml")
                .containsEntry("chat-template", "(inline template)")
                .containsEntry("port", "3")
                .containsEntry("seed", "3")
                .containsEntry("time-to-first-token", "10")
                .containsEntry("time-to-first-token-std-dev", "3")
                .containsEntry("prefill-time-std-dev", "3")
                .containsEntry("kv-cache-transfer-latency-std-dev", "3")
                .containsEntry("shutdown-timeout", "3")
                .containsEntry("max-request-body-size-mb", "3")
                .containsEntry("kv-cache-transfer-time-per-token", "3")
                .containsEntry("kv-cache-transfer-time-std-dev", "3")
                .containsEntry("latency-calculator", "per-token")
                .containsEntry("max-tool-call-integer-param", "3")
                .containsEntry("min-tool-call-number-param", "3")
                .containsEntry("max-tool-call-array-param-length", "3")
                .containsEntry("tool-call-extra-call-probability", "3")
                .containsEntry("skip-tool-validation", "true")
                .containsEntry("log-http", "true")
                .containsEntry("omni", "true")
                .containsEntry("image-emission-rate", "3")
                .containsEntry("time-to-generate-image-std-dev", "3")
                .containsEntry("enable-sleep-mode", "true")
                .containsEntry("enable-admin-api", "true")
                .containsEntry("fake-metrics", "{\"running-requests\":3}")
                .containsEntry("fake-metrics-refresh-interval", "3")
                .containsEntry("data-parallel-size", "3")
                .containsEntry("data-parallel-rank", "0")
                .containsEntry("startup-duration", "3")
                .doesNotContainKeys("tensor-parallel-size", "v", "enforce-eager");
    }
}
