package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the simulated model makes up tool calls, as the Go simulator's flags shape them: the range
 * of integer and number arguments and of array lengths (a tool schema's own bounds win where they
 * are tighter, so the arguments always satisfy the schema), how often optional parameters and
 * object fields are given, how often an answer makes one more call (the Go simulator's truncated
 * geometric count), and whether a tool whose
 * schema no value satisfies is taken (and never called) rather than refused.
 *
 * @param minInteger                 smallest integer argument
 * @param maxInteger                 largest integer argument
 * @param minNumber                  smallest number argument
 * @param maxNumber                  largest number argument
 * @param minArrayLength             fewest items of an array argument
 * @param maxArrayLength             most items of an array argument
 * @param optionalParamPercent       percentage of a tool's optional parameters given
 * @param optionalFieldPercent       percentage of an object argument's optional fields given
 * @param extraCallPercent           percentage of one more call, drawn again after each success
 * @param skipValidation             whether a tool with an unsatisfiable schema is taken (and never called)
 */
public record ToolCallOptions(
        long minInteger,
        long maxInteger,
        double minNumber,
        double maxNumber,
        int minArrayLength,
        int maxArrayLength,
        double optionalParamPercent,
        double optionalFieldPercent,
        double extraCallPercent,
        boolean skipValidation) {
    /** The flags' defaults, the Go simulator's. */
    public static final ToolCallOptions DEFAULTS = new ToolCallOptions(0, 100, 0, 100, 1, 5, 50, 50, 45, false);
    /** Number bounds beyond this are surely a mistake, and lose every fraction as doubles. */
    static final double NUMBER_LIMIT = 1e15;

    public ToolCallOptions {
        if (minInteger > maxInteger || minNumber > maxNumber || minArrayLength > maxArrayLength || minArrayLength < 0) {
            throw new IllegalArgumentException("each minimum must be at most its maximum");
        }
        for (double percent : new double[] {optionalParamPercent, optionalFieldPercent, extraCallPercent}) {
            if (!(percent >= 0 && percent <= 100)) {
                throw new IllegalArgumentException("percentages must be between 0 and 100");
            }
        }
    }

    /** The rules between the flags: each minimum at most its maximum. */
    static void check(ParsedFlags flags) {
        checkOrder(flags, Flag.MIN_TOOL_CALL_INTEGER_PARAM, Flag.MAX_TOOL_CALL_INTEGER_PARAM);
        checkOrder(flags, Flag.MIN_TOOL_CALL_NUMBER_PARAM, Flag.MAX_TOOL_CALL_NUMBER_PARAM);
        checkOrder(flags, Flag.MIN_TOOL_CALL_ARRAY_PARAM_LENGTH, Flag.MAX_TOOL_CALL_ARRAY_PARAM_LENGTH);
    }

    private static void checkOrder(ParsedFlags flags, Flag min, Flag max) {
        double low = flags.<Number>get(min).doubleValue();
        double high = flags.<Number>get(max).doubleValue();
        if (flags.valid(min, max) && low > high) {
            flags.refuse(
                    max,
                    "must be at least --" + min.flagName() + " (" + min.value().showAny(flags.get(min)) + "), not "
                            + max.value().showAny(flags.get(max)));
        }
    }

    /** The tool-call section, from flags that passed every check. */
    static ToolCallOptions from(ParsedFlags flags) {
        return new ToolCallOptions(
                flags.<Long>get(Flag.MIN_TOOL_CALL_INTEGER_PARAM),
                flags.<Long>get(Flag.MAX_TOOL_CALL_INTEGER_PARAM),
                flags.<Double>get(Flag.MIN_TOOL_CALL_NUMBER_PARAM),
                flags.<Double>get(Flag.MAX_TOOL_CALL_NUMBER_PARAM),
                flags.<Integer>get(Flag.MIN_TOOL_CALL_ARRAY_PARAM_LENGTH),
                flags.<Integer>get(Flag.MAX_TOOL_CALL_ARRAY_PARAM_LENGTH),
                flags.<Double>get(Flag.TOOL_CALL_NOT_REQUIRED_PARAM_PROBABILITY),
                flags.<Double>get(Flag.OBJECT_TOOL_CALL_NOT_REQUIRED_FIELD_PROBABILITY),
                flags.<Double>get(Flag.TOOL_CALL_EXTRA_CALL_PROBABILITY),
                flags.<Boolean>get(Flag.SKIP_TOOL_VALIDATION));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.MAX_TOOL_CALL_INTEGER_PARAM.flagName(), Long.toString(maxInteger));
        out.put(Flag.MIN_TOOL_CALL_INTEGER_PARAM.flagName(), Long.toString(minInteger));
        out.put(Flag.MAX_TOOL_CALL_NUMBER_PARAM.flagName(), FlagValue.decimal(maxNumber));
        out.put(Flag.MIN_TOOL_CALL_NUMBER_PARAM.flagName(), FlagValue.decimal(minNumber));
        out.put(Flag.MAX_TOOL_CALL_ARRAY_PARAM_LENGTH.flagName(), Integer.toString(maxArrayLength));
        out.put(Flag.MIN_TOOL_CALL_ARRAY_PARAM_LENGTH.flagName(), Integer.toString(minArrayLength));
        out.put(Flag.TOOL_CALL_NOT_REQUIRED_PARAM_PROBABILITY.flagName(), FlagValue.decimal(optionalParamPercent));
        out.put(
                Flag.OBJECT_TOOL_CALL_NOT_REQUIRED_FIELD_PROBABILITY.flagName(),
                FlagValue.decimal(optionalFieldPercent));
        out.put(Flag.TOOL_CALL_EXTRA_CALL_PROBABILITY.flagName(), FlagValue.decimal(extraCallPercent));
        out.put(Flag.SKIP_TOOL_VALIDATION.flagName(), Boolean.toString(skipValidation));
        return out;
    }
}
