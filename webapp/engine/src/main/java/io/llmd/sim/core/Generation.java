package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A request's planned answer: everything is decided before it is admitted, and then only its
 * timing plays out. All choices advance together, one token per step. An answer without choices
 * (embeddings, pooling) is a request the engine only prefills: it takes no step.
 *
 * @param target       the model or adapter that answers
 * @param promptTokens how many tokens the prompt has
 * @param maxTokens    the token limit the answer was made under
 * @param choices      the answer's choices, indexed from 0; none for a request that only prefills
 * @param kvTransfer   its part in prefill/decode disaggregation
 * @param prompt       the prompt's blocks as the prefix cache looks them up, or null when it is not cached
 */
public record Generation(
        ModelTarget target,
        int promptTokens,
        int maxTokens,
        List<Choice> choices,
        KvTransfer kvTransfer,
        @Nullable PromptBlocks prompt) {

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

    /** A generation whose prompt the prefix cache does not look up. */
    public Generation(
            ModelTarget target, int promptTokens, int maxTokens, List<Choice> choices, KvTransfer kvTransfer) {
        this(target, promptTokens, maxTokens, choices, kvTransfer, null);
    }

    public Generation {
        choices = List.copyOf(choices);
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
        // Indexed rather than iterated: a stream asks at every step, and this allocates nothing.
        int count = 0;
        for (int i = 0; i < choices.size(); i++) {
            if (step < choices.get(i).tokens().size()) {
                count++;
            }
        }
        return count;
    }

    /**
     * The answer of a request the engine aborted after {@code steps} steps, as vLLM's final output
     * of an aborted request has it: each choice with the tokens it had by then, ending by
     * {@code abort} (a tool call cut short is its arguments' text so far).
     */
    public Generation abortedAfter(int steps) {
        return cutAfter(steps, FinishReason.ABORT);
    }

    /**
     * The answer of a request below its cache-hit threshold at its start (the Go simulator's
     * {@code cache_threshold}): each choice without a token.
     */
    public Generation cacheThresholdAnswer() {
        return cutAfter(0, FinishReason.CACHE_THRESHOLD);
    }

    private Generation cutAfter(int steps, FinishReason reason) {
        List<Choice> cut = new ArrayList<>(choices.size());
        for (Choice choice : choices) {
            int kept = Math.min(steps, choice.tokens().size());
            cut.add(new Choice(
                    choice.index(),
                    choice.tokens().subList(0, kept),
                    reason,
                    null,
                    List.of(),
                    choice.logprobs() == null ? null : choice.logprobs().subList(0, kept)));
        }
        return new Generation(target, promptTokens, maxTokens, cut, kvTransfer, prompt);
    }

    /** The first choice, for callers that ask for one; an answer without choices has none to give. */
    public Choice first() {
        if (choices.isEmpty()) {
            throw new IllegalStateException("a request that only prefills has no choice");
        }
        return choices.get(0);
    }
}
