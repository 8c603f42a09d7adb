package io.llmd.sim.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How a simulated replica is operated at run time, apart from what it simulates: vLLM's sleep
 * endpoints, the administration API and fake metrics. The operations section of {@link SimOptions}.
 *
 * @param sleepMode          {@code --enable-sleep-mode}: in vLLM what lets a sleeping engine release its GPU
 *                           memory, which a simulator has none of; it changes nothing here
 * @param devMode            {@code VLLM_SERVER_DEV_MODE=1}: vLLM's development endpoints are served, the
 *                           sleep endpoints {@code /sleep}, {@code /wake_up} and {@code /is_sleeping} among them
 * @param adminApi           whether {@code /admin/config} is served (also on with {@code VLLM_SERVER_DEV_MODE=1})
 * @param fakeMetrics        what {@code /metrics} reports instead of the engine's own, or null for the real ones
 * @param fakeMetricsRefresh how often a fake-metrics function takes a new value
 * @param dataParallelSize   the engines the launcher serves, one per port from {@code --port}
 * @param dataParallelRank   the rank this engine says it is, or -1 for none given
 * @param startupDuration    how long after start {@code /health/ready} answers 503
 * @param dataset            where recorded answers come from
 */
public record OperationsOptions(
        boolean sleepMode,
        boolean devMode,
        boolean adminApi,
        @Nullable FakeMetrics fakeMetrics,
        Duration fakeMetricsRefresh,
        int dataParallelSize,
        int dataParallelRank,
        Duration startupDuration,
        DatasetOptions dataset) {
    /** Nothing but the engine's own metrics, no sleep or admin endpoints, one engine. */
    public static final OperationsOptions NONE = new OperationsOptions(
            false, false, false, null, Duration.ofMillis(100), 1, -1, Duration.ZERO, DatasetOptions.NONE);

    /** The rule between the operations flags: fake values change at a positive interval. */
    static void check(ParsedFlags flags) {
        Duration refresh = flags.get(Flag.FAKE_METRICS_REFRESH_INTERVAL);
        if (flags.given(Flag.FAKE_METRICS) && refresh.isZero()) {
            flags.refuse(Flag.FAKE_METRICS_REFRESH_INTERVAL, "must be above 0 with --fake-metrics");
        }
        int size = flags.get(Flag.DATA_PARALLEL_SIZE);
        int port = flags.get(Flag.PORT);
        if (flags.valid(Flag.PORT, Flag.DATA_PARALLEL_SIZE) && port != 0 && port + size - 1 > 65_535) {
            flags.refuse(Flag.DATA_PARALLEL_SIZE, size + " ranks from --port " + port + " go beyond port 65535");
        }
        DatasetOptions.check(flags);
    }

    /** The operations section; {@code devMode} is {@code VLLM_SERVER_DEV_MODE=1}, which opens the admin API too. */
    static OperationsOptions from(ParsedFlags flags, boolean devMode) {
        return new OperationsOptions(
                flags.get(Flag.ENABLE_SLEEP_MODE),
                devMode,
                devMode || flags.<Boolean>get(Flag.ENABLE_ADMIN_API),
                flags.get(Flag.FAKE_METRICS),
                flags.get(Flag.FAKE_METRICS_REFRESH_INTERVAL),
                flags.get(Flag.DATA_PARALLEL_SIZE),
                dataParallelRank(flags),
                flags.get(Flag.STARTUP_DURATION),
                DatasetOptions.from(flags));
    }

    /** {@code --data-parallel-rank}, or -1 when it is not given or is -1 (the Go simulator's unset). */
    static int dataParallelRank(ParsedFlags flags) {
        return flags.given(Flag.DATA_PARALLEL_RANK) ? flags.<Integer>get(Flag.DATA_PARALLEL_RANK) : -1;
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.ENABLE_SLEEP_MODE.flagName(), Boolean.toString(sleepMode));
        out.put(Flag.ENABLE_ADMIN_API.flagName(), Boolean.toString(adminApi));
        out.put(Flag.FAKE_METRICS.flagName(), fakeMetrics == null ? "none" : fakeMetrics.source());
        out.put(Flag.FAKE_METRICS_REFRESH_INTERVAL.flagName(), SimConfig.millis(fakeMetricsRefresh));
        out.put(Flag.DATA_PARALLEL_SIZE.flagName(), Integer.toString(dataParallelSize));
        out.put(
                Flag.DATA_PARALLEL_RANK.flagName(),
                dataParallelRank < 0 ? Flag.DATA_PARALLEL_RANK.defaultText() : Integer.toString(dataParallelRank));
        out.put(Flag.STARTUP_DURATION.flagName(), SimConfig.millis(startupDuration));
        out.putAll(dataset.describe());
        return out;
    }

    /** Whether {@code VLLM_SERVER_DEV_MODE} has the value that turns vLLM's development endpoints on. */
    public static boolean devMode(@Nullable String value) {
        return "1".equals(value == null ? null : value.trim());
    }
}
