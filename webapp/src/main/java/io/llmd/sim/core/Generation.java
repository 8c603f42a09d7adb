package io.llmd.sim.core;

import java.util.List;

/**
 * A request's planned answer: everything is decided before it is admitted, and then only its
 * timing plays out.
 *
 * @param target       the model or adapter that answers
 * @param promptTokens how many tokens the prompt has
 * @param maxTokens    the token limit the answer was made under
 * @param tokens       the answer's tokens
 * @param finishReason why the answer ends
 */
public record Generation(ModelTarget target, int promptTokens, int maxTokens, List<String> tokens,
                         FinishReason finishReason) {
    public Generation {
        tokens = List.copyOf(tokens);
    }

    public int completionTokens() {
        return tokens.size();
    }

    /** The whole answer. */
    public String text() {
        return String.join("", tokens);
    }
}
