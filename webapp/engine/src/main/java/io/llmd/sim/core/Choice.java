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
 * @param toolCalls    the tool calls it makes, in order (none for plain content): its tokens are
 *                     their arguments one after the other, each call's {@link ToolCall#arguments()}
 *                     being exactly the text of its tokens
 * @param logprobs     one entry per token when the request asked for log probabilities, else null
 */
public record Choice(
        int index,
        List<String> tokens,
        FinishReason finishReason,
        @Nullable Object stopReason,
        List<ToolCall> toolCalls,
        @Nullable List<TokenLogprob> logprobs) {
    public Choice {
        tokens = CompactTokens.copyOf(tokens);
        toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        logprobs = logprobs == null ? null : List.copyOf(logprobs);
    }

    /** The first tool call, or null for plain content. */
    public @Nullable ToolCall toolCall() {
        return toolCalls.isEmpty() ? null : toolCalls.getFirst();
    }

    /**
     * The index of the first token of each tool call: a call's tokens run up to the next call's
     * first (or the end), found by the length of its arguments.
     */
    public int[] toolCallStarts() {
        int[] starts = new int[toolCalls.size()];
        int token = 0;
        for (int call = 0; call < starts.length; call++) {
            starts[call] = token;
            int chars = toolCalls.get(call).arguments().length();
            while (chars > 0 && token < tokens.size()) {
                chars -= tokens.get(token++).length();
            }
        }
        return starts;
    }

    /** The whole text of the tokens. */
    public String text() {
        return tokens instanceof CompactTokens compact ? compact.text() : String.join("", tokens);
    }
}
