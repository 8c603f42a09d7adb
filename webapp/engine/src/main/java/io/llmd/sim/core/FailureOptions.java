package io.llmd.sim.core;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which requests fail on purpose: a share of them, drawn by the seeded generator, answered with
 * one of the chosen failure types.
 *
 * @param rate  percentage of requests that fail, 0 to 100
 * @param types the failures to choose from, in a fixed order; never empty
 */
public record FailureOptions(double rate, List<FailureType> types) {
    /** No failures injected. */
    public static final FailureOptions NONE = new FailureOptions(0, List.of(FailureType.values()));

    public FailureOptions {
        types = List.copyOf(types);
        if (!(rate >= 0 && rate <= 100)) {
            throw new IllegalArgumentException("rate must be between 0 and 100");
        }
        if (types.isEmpty()) {
            throw new IllegalArgumentException("types must not be empty");
        }
    }

    /** Validates the failure settings among raw values; a {@link ConfigException} names the flag at fault. */
    static FailureOptions from(Map<Flag, String> values) {
        double rate = ConfigParser.parse(values, Flag.FAILURE_INJECTION_RATE, ConfigParser::finiteDouble, 0.0);
        if (rate < 0 || rate > 100) {
            throw new ConfigException(Flag.FAILURE_INJECTION_RATE.flagName(),
                    "must be a percentage between 0 and 100, not " + values.get(Flag.FAILURE_INJECTION_RATE));
        }
        // An EnumSet keeps the types in a fixed order, so the order they were given in does not change
        // which one a seed picks.
        Set<FailureType> types = EnumSet.noneOf(FailureType.class);
        for (String name : ConfigParser.names(values.get(Flag.FAILURE_TYPES))) {
            try {
                types.add(FailureType.parse(name));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(Flag.FAILURE_TYPES.flagName(), e.getMessage());
            }
        }
        return new FailureOptions(rate, types.isEmpty() ? List.of(FailureType.values()) : List.copyOf(types));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.FAILURE_INJECTION_RATE.flagName(), LatencyOptions.number(rate));
        List<String> names = types.stream().map(FailureType::flagValue).toList();
        out.put(Flag.FAILURE_TYPES.flagName(), String.join(",", names));
        return out;
    }
}
