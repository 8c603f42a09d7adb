package io.llmd.sim.core;

import java.util.List;

/**
 * A request's planned answer: everything is decided before it is admitted, and then only its
 * timing plays out. All choices advance together, one token per step.
 *
 * @param target       the model or adapter that answers
 * @param promptTokens how many tokens the prompt has
 * @param maxTokens    the token limit the answer was made under
 * @param choices      the answer's choices, indexed from 0
 * @param kvTransfer   its part in prefill/decode disaggregation
 */
public record Generation(ModelTarget target, int promptTokens, int maxTokens, List<Choice> choices,
                         KvTransfer kvTransfer) {

    /** A request's part in prefill/decode disaggregation ({@code kv_transfer_params}). */
    public enum KvTransfer {
        /** An ordinary request: prefill, then decode. */
        NONE,
        /** {@code do_remote_decode}: prefill only, answer one token, hand the KV cache to a decode instance. */
        PREFILL_ONLY,
        /** {@code do_remote_prefill}: the KV cache comes from a prefill instance; no prefill here. */
        REMOTE_PREFILL
    }

    /** An ordinary generation. */
    public Generation(ModelTarget target, int promptTokens, int maxTokens, List<Choice> choices) {
        this(target, promptTokens, maxTokens, choices, KvTransfer.NONE);
    }

    public Generation {
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("a generation has at least one choice");
        }
    }

    /** Tokens over all choices, as {@code usage.completion_tokens} counts them. */
    public int completionTokens() {
        int total = 0;
        for (Choice choice : choices) {
            total += choice.tokens().size();
        }
        return total;
    }

    /** Steps the answer takes: the longest choice's tokens. */
    public int steps() {
        int steps = 0;
        for (Choice choice : choices) {
            steps = Math.max(steps, choice.tokens().size());
        }
        return steps;
    }

    /** How many choices have a token at step {@code step}. */
    public int tokensAt(int step) {
        int count = 0;
        for (Choice choice : choices) {
            if (step < choice.tokens().size()) {
                count++;
            }
        }
        return count;
    }

    /** The first choice, for callers that ask for one. */
    public Choice first() {
        return choices.get(0);
    }
}
