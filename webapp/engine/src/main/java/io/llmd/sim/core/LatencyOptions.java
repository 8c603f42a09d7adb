package io.llmd.sim.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The latency model's settings beyond the constant time to first token and inter-token latency:
 * normal jitter around each, a prompt-dependent prefill that times the first token when no
 * constant first-token time is set, and how much slower a full batch is than a lone request.
 *
 * @param timeToFirstTokenStdDev  standard deviation of the time to first token
 * @param interTokenLatencyStdDev standard deviation of the inter-token latency
 * @param prefillOverhead         prefill time of any prompt
 * @param prefillTimePerToken     prefill time per prompt token not already cached
 * @param prefillTimeStdDev       standard deviation of the prefill time
 * @param timeFactorUnderLoad     how many times slower everything is with a full batch (at least 1)
 * @param calculator              which of these time the first token (see {@link LatencyCalculator})
 */
public record LatencyOptions(
        Duration timeToFirstTokenStdDev,
        Duration interTokenLatencyStdDev,
        Duration prefillOverhead,
        Duration prefillTimePerToken,
        Duration prefillTimeStdDev,
        double timeFactorUnderLoad,
        LatencyCalculator calculator) {
    /** No jitter, no prefill model, no slow-down under load. */
    public static final LatencyOptions NONE =
            new LatencyOptions(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, 1);

    /** The settings with the default calculator. */
    public LatencyOptions(
            Duration timeToFirstTokenStdDev,
            Duration interTokenLatencyStdDev,
            Duration prefillOverhead,
            Duration prefillTimePerToken,
            Duration prefillTimeStdDev,
            double timeFactorUnderLoad) {
        this(
                timeToFirstTokenStdDev,
                interTokenLatencyStdDev,
                prefillOverhead,
                prefillTimePerToken,
                prefillTimeStdDev,
                timeFactorUnderLoad,
                LatencyCalculator.DEFAULT);
    }
    /** Far beyond any real engine; a bigger factor is surely a mistake ({@link Flag#TIME_FACTOR_UNDER_LOAD} refuses it). */
    static final double MAX_TIME_FACTOR = 1_000;

    public LatencyOptions {
        Objects.requireNonNull(timeToFirstTokenStdDev, "timeToFirstTokenStdDev");
        Objects.requireNonNull(interTokenLatencyStdDev, "interTokenLatencyStdDev");
        Objects.requireNonNull(prefillOverhead, "prefillOverhead");
        Objects.requireNonNull(prefillTimePerToken, "prefillTimePerToken");
        Objects.requireNonNull(prefillTimeStdDev, "prefillTimeStdDev");
        Objects.requireNonNull(calculator, "calculator");
        if (!(timeFactorUnderLoad >= 1 && timeFactorUnderLoad <= MAX_TIME_FACTOR)) {
            throw new IllegalArgumentException("timeFactorUnderLoad must be between 1 and " + MAX_TIME_FACTOR);
        }
    }

    /**
     * Whether the first-token time is the prompt-dependent prefill time rather than a constant.
     * The default calculator, as the Go simulator's, takes the constant whenever it or its
     * standard deviation is set, and the prefill flags otherwise.
     *
     * @param timeToFirstToken {@code --time-to-first-token}
     */
    public boolean prefill(Duration timeToFirstToken) {
        return switch (calculator) {
            case CONSTANT -> false;
            case PER_TOKEN -> true;
            case DEFAULT -> timeToFirstToken.isZero() && timeToFirstTokenStdDev.isZero();
        };
    }

    /**
     * The rules between the latency flags: each fixed time's standard deviation within 30% of it, as
     * the Go simulator checks them. The prefill's has no bound, as there: the prefill time depends on
     * the prompt, and every sample is kept within 70% of it anyway.
     */
    static void check(ParsedFlags flags) {
        checkStdDev(
                flags,
                Flag.TIME_TO_FIRST_TOKEN_STD_DEV,
                flags.get(Flag.TIME_TO_FIRST_TOKEN),
                "--" + Flag.TIME_TO_FIRST_TOKEN.flagName(),
                Flag.TIME_TO_FIRST_TOKEN);
        checkStdDev(
                flags,
                Flag.INTER_TOKEN_LATENCY_STD_DEV,
                flags.get(Flag.INTER_TOKEN_LATENCY),
                "--" + Flag.INTER_TOKEN_LATENCY.flagName(),
                Flag.INTER_TOKEN_LATENCY);
    }

    /** The latency section, from flags that passed every check. */
    static LatencyOptions from(ParsedFlags flags) {
        return new LatencyOptions(
                flags.get(Flag.TIME_TO_FIRST_TOKEN_STD_DEV),
                flags.get(Flag.INTER_TOKEN_LATENCY_STD_DEV),
                flags.get(Flag.PREFILL_OVERHEAD),
                flags.get(Flag.PREFILL_TIME_PER_TOKEN),
                flags.get(Flag.PREFILL_TIME_STD_DEV),
                flags.<Double>get(Flag.TIME_FACTOR_UNDER_LOAD),
                flags.get(Flag.LATENCY_CALCULATOR));
    }

    /**
     * Refuses a standard deviation above 30% of its base, as the original simulator does, unless
     * the deviation or a flag of the base was refused already.
     */
    static void checkStdDev(ParsedFlags flags, Flag flag, Duration base, String baseName, Flag... baseFlags) {
        Duration stdDev = flags.get(flag);
        // Integer arithmetic: exactly 30% must pass.
        if (flags.valid(flag) && flags.valid(baseFlags) && stdDev.toNanos() * 10 > base.toNanos() * 3) {
            flags.refuse(
                    flag,
                    "must be at most 30% of " + baseName + " (" + SimConfig.millis(base) + "), not "
                            + flags.text(flag));
        }
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.TIME_TO_FIRST_TOKEN_STD_DEV.flagName(), SimConfig.millis(timeToFirstTokenStdDev));
        out.put(Flag.INTER_TOKEN_LATENCY_STD_DEV.flagName(), SimConfig.millis(interTokenLatencyStdDev));
        out.put(Flag.PREFILL_OVERHEAD.flagName(), SimConfig.millis(prefillOverhead));
        out.put(Flag.PREFILL_TIME_PER_TOKEN.flagName(), SimConfig.millis(prefillTimePerToken));
        out.put(Flag.PREFILL_TIME_STD_DEV.flagName(), SimConfig.millis(prefillTimeStdDev));
        out.put(Flag.TIME_FACTOR_UNDER_LOAD.flagName(), FlagValue.decimal(timeFactorUnderLoad));
        out.put(Flag.LATENCY_CALCULATOR.flagName(), calculator.flagValue());
        return out;
    }
}
