package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * KV-cache events for cache-aware routers, as vLLM's {@code --kv-events-config} sets them up, or
 * the Go simulator's flags ({@code --zmq-endpoint}, {@code --event-batch-size},
 * {@code --kv-events-replay-endpoint}, {@code --kv-events-replay-queue-size},
 * {@code --use-vllm-map-event-format}) mapped onto the same settings. A data-parallel rank
 * publishes on endpoints offset by its rank, as each rank's publisher does in vLLM
 * ({@link KvEventPorts#forRank}), and stamps its rank on every batch.
 *
 * @param enabled        whether events are published
 * @param endpoint       the ZeroMQ PUB endpoint: bound when it has {@code *} or {@code ::} or is
 *                       {@code ipc://} or {@code inproc://}, connected otherwise (vLLM's rule)
 * @param replayEndpoint the ROUTER endpoint that answers replay requests, or null for none
 * @param bufferSteps    batches kept for replay
 * @param hwm            the PUB socket's send high-water mark
 * @param maxQueueSize   events waiting to be published at most; more are dropped (and counted)
 * @param topic          the topic frame; null for the Go simulator's {@code kv@<POD_IP>:<port>@<model>}
 * @param batchSize      events per published batch at most
 * @param mapFormat      events as tagged maps (vLLM after its PR #42892) instead of tagged arrays
 * @param dataParallelRank the rank stamped on every batch; {@code endpoint} and {@code replayEndpoint}
 *                       are already offset by it
 */
public record KvEventsOptions(
        boolean enabled,
        String endpoint,
        @Nullable String replayEndpoint,
        int bufferSteps,
        int hwm,
        int maxQueueSize,
        @Nullable String topic,
        int batchSize,
        boolean mapFormat,
        int dataParallelRank) {
    /** The Go simulator's endpoint when it is asked for events without one. */
    static final String GO_ENDPOINT = "tcp://127.0.0.1:5557";

    private static final Set<String> KEYS = Set.of(
            "enable_kv_cache_events",
            "publisher",
            "endpoint",
            "replay_endpoint",
            "buffer_steps",
            "hwm",
            "max_queue_size",
            "topic");

    /** No events. */
    public static final KvEventsOptions NONE =
            new KvEventsOptions(false, "tcp://*:5557", null, 10_000, 100_000, 100_000, "", 16, false, 0);

    /** The keys vLLM's configuration knows, with values of their types. */
    static Map<String, @Nullable String> parseConfig(String text) {
        Map<String, @Nullable String> values = FlatJson.parse(text);
        for (Map.Entry<String, @Nullable String> entry : values.entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; known: " + String.join(", ", KEYS));
            }
            boolean valid = switch (key) {
                case "enable_kv_cache_events" -> "true".equals(value) || "false".equals(value);
                case "publisher" -> "zmq".equals(value) || "null".equals(value) || value == null;
                case "buffer_steps", "hwm", "max_queue_size" -> value != null && value.matches("\\d{1,9}");
                case "replay_endpoint" -> true;
                default -> value != null;
            };
            if (!valid) {
                throw new IllegalArgumentException("'" + key + "' cannot be " + value);
            }
        }
        // Map.copyOf takes no null values: an unmodifiable view keeps vLLM's nulls.
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /**
     * The endpoints as configured, before a rank's offset, and the flags that gave them.
     *
     * @param enabled      whether events are published
     * @param endpoint     the PUB endpoint
     * @param endpointFlag the flag it came from, for a refusal
     * @param replay       the replay endpoint, or null for none
     * @param replayFlag   the flag it came from, for a refusal
     */
    record Endpoints(
            boolean enabled,
            String endpoint,
            Flag endpointFlag,
            @Nullable String replay,
            Flag replayFlag) {}

    private static Map<String, @Nullable String> config(ParsedFlags flags) {
        return flags.given(Flag.KV_EVENTS_CONFIG) ? flags.get(Flag.KV_EVENTS_CONFIG) : Map.of();
    }

    private static boolean goFlags(ParsedFlags flags) {
        return flags.given(Flag.ZMQ_ENDPOINT) || flags.<Boolean>get(Flag.ENABLE_KVCACHE);
    }

    static Endpoints endpoints(ParsedFlags flags) {
        Map<String, @Nullable String> config = config(flags);
        boolean go = goFlags(flags);
        boolean vllm = "true".equals(config.get("enable_kv_cache_events"))
                && !"null".equals(config.getOrDefault("publisher", "zmq"));
        String goEndpoint = flags.given(Flag.ZMQ_ENDPOINT) ? flags.get(Flag.ZMQ_ENDPOINT) : GO_ENDPOINT;
        String configured = config.get("endpoint");
        String endpoint = configured != null ? configured : go ? goEndpoint : NONE.endpoint;
        Flag endpointFlag =
                configured == null && flags.given(Flag.ZMQ_ENDPOINT) ? Flag.ZMQ_ENDPOINT : Flag.KV_EVENTS_CONFIG;
        boolean replayFlag = flags.given(Flag.KV_EVENTS_REPLAY_ENDPOINT);
        String replay = replayFlag ? flags.get(Flag.KV_EVENTS_REPLAY_ENDPOINT) : config.get("replay_endpoint");
        return new Endpoints(
                (vllm || go) && !endpoint.isBlank(),
                endpoint,
                endpointFlag,
                replay == null || replay.isBlank() ? null : replay,
                replayFlag ? Flag.KV_EVENTS_REPLAY_ENDPOINT : Flag.KV_EVENTS_CONFIG);
    }

    /** The events section, from flags that passed every check, with this rank's endpoints. */
    static KvEventsOptions from(ParsedFlags flags) {
        Map<String, @Nullable String> config = config(flags);
        Endpoints base = endpoints(flags);
        int rank = flags.given(Flag.DATA_PARALLEL_RANK) ? flags.<Integer>get(Flag.DATA_PARALLEL_RANK) : 0;
        int bufferSteps = flags.given(Flag.KV_EVENTS_REPLAY_QUEUE_SIZE)
                ? flags.<Integer>get(Flag.KV_EVENTS_REPLAY_QUEUE_SIZE)
                : Integer.parseInt(config.getOrDefault("buffer_steps", "10000"));
        // vLLM's topic is whatever it is given (empty by default); the Go simulator's names the pod and the model.
        String topic = config.containsKey("topic") ? config.get("topic") : goFlags(flags) ? null : NONE.topic;
        // Offsets are checked only when events are on: an endpoint nobody opens is left as given.
        String replay = base.replay();
        return new KvEventsOptions(
                base.enabled(),
                base.enabled() ? KvEventPorts.forRank(base.endpoint(), rank) : base.endpoint(),
                replay == null || !base.enabled() ? replay : KvEventPorts.forRank(replay, rank),
                bufferSteps,
                Integer.parseInt(config.getOrDefault("hwm", "100000")),
                Integer.parseInt(config.getOrDefault("max_queue_size", "100000")),
                topic,
                flags.get(Flag.EVENT_BATCH_SIZE),
                flags.<Boolean>get(Flag.USE_VLLM_MAP_EVENT_FORMAT),
                rank);
    }

    /** Whether vLLM binds the PUB socket to this endpoint rather than connecting to it. */
    public static boolean binds(String endpoint) {
        return endpoint.contains("*")
                || endpoint.contains("::")
                || endpoint.startsWith("ipc://")
                || endpoint.startsWith("inproc://");
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(
                Flag.KV_EVENTS_CONFIG.flagName(),
                enabled
                        ? "{\"enable_kv_cache_events\":true,\"endpoint\":\"" + endpoint + "\",\"replay_endpoint\":"
                                + (replayEndpoint == null ? "null" : "\"" + replayEndpoint + "\"")
                                + ",\"buffer_steps\":" + bufferSteps + ",\"hwm\":" + hwm + ",\"max_queue_size\":"
                                + maxQueueSize + ",\"topic\":"
                                + (topic == null ? "(kv@pod:port@model)" : "\"" + topic + "\"")
                                + "}"
                        : "off");
        out.put(Flag.EVENT_BATCH_SIZE.flagName(), Integer.toString(batchSize));
        out.put(Flag.USE_VLLM_MAP_EVENT_FORMAT.flagName(), Boolean.toString(mapFormat));
        return out;
    }
}
