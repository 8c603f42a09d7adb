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
 * @param timePerToken  transfer time per prompt token; by default it times a transfer only when
 *                      no fixed time (nor its jitter) is set, as in the Go simulator
 * @param timeStdDev    normal jitter of a transfer timed per token
 */
public record KvTransferOptions(Duration latency, Duration latencyStdDev, Duration timePerToken, Duration timeStdDev) {
    /** Transfers take no time. */
    public static final KvTransferOptions NONE =
            new KvTransferOptions(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** A transfer with a fixed time, a jitter and a time per token, without jitter of the time per token. */
    public KvTransferOptions(Duration latency, Duration latencyStdDev, Duration timePerToken) {
        this(latency, latencyStdDev, timePerToken, Duration.ZERO);
    }

    public KvTransferOptions {
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(latencyStdDev, "latencyStdDev");
        Objects.requireNonNull(timePerToken, "timePerToken");
        Objects.requireNonNull(timeStdDev, "timeStdDev");
    }

    /** The rule between the transfer flags: the jitter within 30% of the fixed time. */
    static void check(ParsedFlags flags) {
        LatencyOptions.checkStdDev(
                flags,
                Flag.KV_CACHE_TRANSFER_LATENCY_STD_DEV,
                flags.get(Flag.KV_CACHE_TRANSFER_LATENCY),
                "--" + Flag.KV_CACHE_TRANSFER_LATENCY.flagName(),
                Flag.KV_CACHE_TRANSFER_LATENCY);
    }

    /** The transfer section, from flags that passed every check. */
    static KvTransferOptions from(ParsedFlags flags) {
        return new KvTransferOptions(
                flags.get(Flag.KV_CACHE_TRANSFER_LATENCY),
                flags.get(Flag.KV_CACHE_TRANSFER_LATENCY_STD_DEV),
                flags.get(Flag.KV_CACHE_TRANSFER_TIME_PER_TOKEN),
                flags.get(Flag.KV_CACHE_TRANSFER_TIME_STD_DEV));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.KV_CACHE_TRANSFER_LATENCY.flagName(), SimConfig.millis(latency));
        out.put(Flag.KV_CACHE_TRANSFER_LATENCY_STD_DEV.flagName(), SimConfig.millis(latencyStdDev));
        out.put(Flag.KV_CACHE_TRANSFER_TIME_PER_TOKEN.flagName(), SimConfig.millis(timePerToken));
        out.put(Flag.KV_CACHE_TRANSFER_TIME_STD_DEV.flagName(), SimConfig.millis(timeStdDev));
        return out;
    }
}
