package io.llmd.sim.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The latency model's settings beyond the constant time to first token and inter-token latency:
 * normal jitter around each, a prompt-dependent prefill that replaces the constant first-token
 * time, and how much slower a full batch is than a lone request.
 *
 * @param timeToFirstTokenStdDev  standard deviation of the time to first token
 * @param interTokenLatencyStdDev standard deviation of the inter-token latency
 * @param prefillOverhead         prefill time of any prompt
 * @param prefillTimePerToken     prefill time per prompt token not already cached
 * @param prefillTimeStdDev       standard deviation of the prefill time
 * @param timeFactorUnderLoad     how many times slower everything is with a full batch (at least 1)
 */
public record LatencyOptions(
        Duration timeToFirstTokenStdDev,
        Duration interTokenLatencyStdDev,
        Duration prefillOverhead,
        Duration prefillTimePerToken,
        Duration prefillTimeStdDev,
        double timeFactorUnderLoad) {
    /** No jitter, no prefill model, no slow-down under load. */
    public static final LatencyOptions NONE =
            new LatencyOptions(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1);
    /** Far beyond any real engine; a bigger factor is surely a mistake. */
    static final double MAX_TIME_FACTOR = 1_000;

    public LatencyOptions {
        Objects.requireNonNull(timeToFirstTokenStdDev, "timeToFirstTokenStdDev");
        Objects.requireNonNull(interTokenLatencyStdDev, "interTokenLatencyStdDev");
        Objects.requireNonNull(prefillOverhead, "prefillOverhead");
        Objects.requireNonNull(prefillTimePerToken, "prefillTimePerToken");
        Objects.requireNonNull(prefillTimeStdDev, "prefillTimeStdDev");
        if (!(timeFactorUnderLoad >= 1 && timeFactorUnderLoad <= MAX_TIME_FACTOR)) {
            throw new IllegalArgumentException("timeFactorUnderLoad must be between 1 and " + MAX_TIME_FACTOR);
        }
    }

    /** Whether the first-token time is the prompt-dependent prefill time rather than a constant. */
    public boolean prefill() {
        return !prefillOverhead.isZero() || !prefillTimePerToken.isZero();
    }

    /**
     * Validates the latency settings among raw values, given the constant latencies they jitter;
     * a {@link ConfigException} names the flags at fault.
     */
    static LatencyOptions from(Map<Flag, String> values, Duration timeToFirstToken, Duration interTokenLatency) {
        Duration ttftStdDev = stdDev(values, Flag.TIME_TO_FIRST_TOKEN_STD_DEV, timeToFirstToken,
                "--" + Flag.TIME_TO_FIRST_TOKEN.flagName());
        Duration itlStdDev = stdDev(values, Flag.INTER_TOKEN_LATENCY_STD_DEV, interTokenLatency,
                "--" + Flag.INTER_TOKEN_LATENCY.flagName());
        Duration overhead = ConfigParser.millis(values, Flag.PREFILL_OVERHEAD);
        Duration perToken = ConfigParser.millis(values, Flag.PREFILL_TIME_PER_TOKEN);
        // The std-dev applies to a request's whole prefill; bounding it by the shortest prefill (one
        // token) keeps it within 30% of every request's prefill time.
        Duration prefillStdDev = stdDev(values, Flag.PREFILL_TIME_STD_DEV, overhead.plus(perToken),
                "--" + Flag.PREFILL_OVERHEAD.flagName() + " + --" + Flag.PREFILL_TIME_PER_TOKEN.flagName());
        double factor = ConfigParser.parse(values, Flag.TIME_FACTOR_UNDER_LOAD, ConfigParser::finiteDouble, 1.0);
        if (factor < 1 || factor > MAX_TIME_FACTOR) {
            throw new ConfigException(Flag.TIME_FACTOR_UNDER_LOAD.flagName(),
                    "must be between 1 and " + (int) MAX_TIME_FACTOR + ", not " + values.get(Flag.TIME_FACTOR_UNDER_LOAD));
        }
        return new LatencyOptions(ttftStdDev, itlStdDev, overhead, perToken, prefillStdDev, factor);
    }

    /** A standard deviation, refused above 30% of its base, as the original simulator does. */
    static Duration stdDev(Map<Flag, String> values, Flag flag, Duration base, String baseName) {
        Duration stdDev = ConfigParser.millis(values, flag);
        // Integer arithmetic: exactly 30% must pass.
        if (stdDev.toNanos() * 10 > base.toNanos() * 3) {
            throw new ConfigException(flag.flagName(), "must be at most 30% of " + baseName + " ("
                    + SimConfig.millis(base) + "), not " + values.get(flag));
        }
        return stdDev;
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.TIME_TO_FIRST_TOKEN_STD_DEV.flagName(), SimConfig.millis(timeToFirstTokenStdDev));
        out.put(Flag.INTER_TOKEN_LATENCY_STD_DEV.flagName(), SimConfig.millis(interTokenLatencyStdDev));
        out.put(Flag.PREFILL_OVERHEAD.flagName(), SimConfig.millis(prefillOverhead));
        out.put(Flag.PREFILL_TIME_PER_TOKEN.flagName(), SimConfig.millis(prefillTimePerToken));
        out.put(Flag.PREFILL_TIME_STD_DEV.flagName(), SimConfig.millis(prefillTimeStdDev));
        out.put(Flag.TIME_FACTOR_UNDER_LOAD.flagName(), number(timeFactorUnderLoad));
        return out;
    }

    /** A number without a trailing ".0" when it is whole. */
    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
