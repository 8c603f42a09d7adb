package io.llmd.sim.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Prefill/decode disaggregation, as vLLM's KV-transfer connectors do it: how long the KV cache of
 * a request prefilled elsewhere ({@code kv_transfer_params.do_remote_prefill}) takes to arrive,
 * which it waits for instead of prefilling.
 *
 * @param latency       a fixed transfer time
 * @param latencyStdDev its normal jitter
 * @param timePerToken  transfer time per prompt token; when set, replaces the fixed time
 */
public record KvTransferOptions(Duration latency, Duration latencyStdDev, Duration timePerToken) {
    /** Transfers take no time. */
    public static final KvTransferOptions NONE = new KvTransferOptions(Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public KvTransferOptions {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(latencyStdDev, "latencyStdDev");
        Objects.requireNonNull(timePerToken, "timePerToken");
    }

    static KvTransferOptions from(Map<Flag, String> values) {
        Duration latency = ConfigParser.millis(values, Flag.KV_CACHE_TRANSFER_LATENCY);
        Duration stdDev = LatencyOptions.stdDev(values, Flag.KV_CACHE_TRANSFER_LATENCY_STD_DEV, latency,
                "--" + Flag.KV_CACHE_TRANSFER_LATENCY.flagName());
        return new KvTransferOptions(latency, stdDev, ConfigParser.millis(values, Flag.KV_CACHE_TRANSFER_TIME_PER_TOKEN));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.KV_CACHE_TRANSFER_LATENCY.flagName(), SimConfig.millis(latency));
        out.put(Flag.KV_CACHE_TRANSFER_LATENCY_STD_DEV.flagName(), SimConfig.millis(latencyStdDev));
        out.put(Flag.KV_CACHE_TRANSFER_TIME_PER_TOKEN.flagName(), SimConfig.millis(timePerToken));
        return out;
    }
}
