package io.llmd.sim.core;

import java.util.Locale;

/** How the simulator makes up an answer. */
public enum Mode {
    /** Answers with the request's own text: the last user message, or the prompt. */
    ECHO,
    /** Answers with sentences drawn from a built-in bank. */
    RANDOM;

    static Mode parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "echo" -> ECHO;
            case "random" -> RANDOM;
            default -> throw new IllegalArgumentException("must be 'echo' or 'random', not '" + value + "'");
        };
    }

    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
