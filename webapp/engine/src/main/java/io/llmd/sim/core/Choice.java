package io.llmd.sim.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One choice of an answer.
 *
 * @param index        its index in the answer
 * @param tokens       its tokens: the content, or a tool call's arguments
 * @param finishReason why it ends
 * @param stopReason   the stop string (a String) or stop token id (an Integer) that ended it, or null
 * @param toolCall     the tool call it makes, or null for plain content
 * @param logprobs     one entry per token when the request asked for log probabilities, else null
 */
public record Choice(
        int index,
        List<String> tokens,
        FinishReason finishReason,
        @Nullable Object stopReason,
        @Nullable ToolCall toolCall,
        @Nullable List<TokenLogprob> logprobs) {
    public Choice {
        tokens = List.copyOf(tokens);
        logprobs = logprobs == null ? null : List.copyOf(logprobs);
    }

    /** The whole text of the tokens. */
    public String text() {
        return String.join("", tokens);
    }
}
