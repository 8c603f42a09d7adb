package io.llmd.sim.core;

import java.util.Locale;

/**
 * Which latency flags time a request's first token, as the Go simulator's
 * {@code --latency-calculator} chooses them.
 */
public enum LatencyCalculator {
    /**
     * The Go simulator's default: {@code --time-to-first-token} when it or its std-dev is set, else
     * the prefill flags; {@code --kv-cache-transfer-latency} when it or its std-dev is set, else
     * {@code --kv-cache-transfer-time-per-token}.
     */
    DEFAULT,
    /** The prompt's length never counts: {@code --time-to-first-token} and {@code --kv-cache-transfer-latency}. */
    CONSTANT,
    /**
     * Always by the prompt's length: the prefill flags, and {@code --kv-cache-transfer-time-per-token}
     * for a remote prefill.
     */
    PER_TOKEN;

    /** Reads the flag; empty text is the Go simulator's way of asking for the default. */
    static LatencyCalculator parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "", "default" -> DEFAULT;
            case "constant" -> CONSTANT;
            case "per-token" -> PER_TOKEN;
            default ->
                throw new IllegalArgumentException("must be 'constant', 'per-token' or 'default', not '" + value + "'");
        };
    }

    public String flagValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
