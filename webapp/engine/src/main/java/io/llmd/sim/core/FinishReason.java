package io.llmd.sim.core;

import java.util.Locale;

/** Why an answer ended, as vLLM's {@code finish_reason} says it. */
public enum FinishReason {
    /** The answer ended by itself. */
    STOP,
    /** The answer hit {@code max_tokens} or the end of the model's context. */
    LENGTH,
    /** The answer is a call of one of the request's tools. */
    TOOL_CALLS,
    /** The engine aborted the request (a sleep in abort mode): the answer is what came before. */
    ABORT,
    /**
     * The Go simulator's early answer: the prompt's prefix-cache hit rate was below the request's
     * cache-hit threshold when it started, so it answers at once, without a token.
     */
    CACHE_THRESHOLD;

    /** The wire value. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
