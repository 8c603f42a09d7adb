package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which requests fail on purpose: a share of them, drawn by the seeded generator, answered with
 * one of the chosen failure types.
 *
 * @param rate  percentage of requests that fail, 0 to 100
 * @param types the failures to choose from, in a fixed order; never empty
 */
public record FailureOptions(double rate, List<FailureType> types) {
    /** No failures injected. */
    public static final FailureOptions NONE = new FailureOptions(0, FailureType.ALL);

    public FailureOptions {
        types = List.copyOf(types);
        if (!(rate >= 0 && rate <= 100)) {
            throw new IllegalArgumentException("rate must be between 0 and 100");
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types must not be empty");
        }
    }

    /** The failures section: the flags' values need no rule between them. */
    static FailureOptions from(ParsedFlags flags) {
        return new FailureOptions(flags.<Double>get(Flag.FAILURE_INJECTION_RATE), flags.get(Flag.FAILURE_TYPES));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.FAILURE_INJECTION_RATE.flagName(), FlagValue.decimal(rate));
        out.put(Flag.FAILURE_TYPES.flagName(), FailureType.flagValues(types));
        return out;
    }
}
