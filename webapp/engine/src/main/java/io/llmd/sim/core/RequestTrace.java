package io.llmd.sim.core;

/**
 * What happened to one request, in clock nanoseconds, as the engine publishes it when it ends.
 *
 * @param arrival        when it arrived
 * @param firstStart     when it first started running (queue time ends)
 * @param firstToken     when its first token went out, or -1
 * @param lastToken      when its last token went out, or -1
 * @param end            when it ended
 * @param promptTokens   its prompt's tokens
 * @param generated      tokens it delivered, over all choices
 * @param maxChoiceTokens tokens of its longest choice
 * @param maxTokens      the token limit it ran with
 * @param n              choices asked for
 * @param finishedReason {@code stop}, {@code length}, {@code abort} or {@code cache_threshold}
 */
public record RequestTrace(
        long arrival,
        long firstStart,
        long firstToken,
        long lastToken,
        long end,
        int promptTokens,
        int generated,
        int maxChoiceTokens,
        int maxTokens,
        int n,
        String finishedReason) {

    public boolean started() {
        return firstStart >= 0;
    }

    public boolean producedTokens() {
        return firstToken >= 0;
    }

    /** Whether it was cancelled (its client went away, or the server stopped) rather than answered whole. */
    public boolean aborted() {
        return "abort".equals(finishedReason);
    }
}
