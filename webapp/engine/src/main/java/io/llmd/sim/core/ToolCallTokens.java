package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of an answer made of tool calls: each call's arguments tokenized, one call after the
 * other, up to the token limit. A call the limit cuts keeps only the arguments it got to (and the
 * answer ends there, {@code length}); the calls after it are never made.
 *
 * @param calls  the calls as they are answered, each with the arguments its tokens spell
 * @param answer their tokens and why the answer ends
 */
record ToolCallTokens(List<ToolCall> calls, TextGenerator.Answer answer) {

    /**
     * @param made  the calls the wire layer made up, in order
     * @param limit the most tokens the answer may have
     * @param cut   whether the last call was already made only up to the limit
     */
    static ToolCallTokens of(List<ToolCall> made, int limit, boolean cut) {
        List<ToolCall> calls = new ArrayList<>(made.size());
        List<String> tokens = new ArrayList<>();
        for (ToolCall call : made) {
            int room = limit - tokens.size();
            if (room <= 0) {
                return new ToolCallTokens(calls, new TextGenerator.Answer(tokens, FinishReason.LENGTH, null));
            }
            List<String> arguments = Tokenizer.tokenize(call.arguments());
            if (arguments.size() > room) {
                List<String> kept = arguments.subList(0, room);
                tokens.addAll(kept);
                calls.add(new ToolCall(call.id(), call.name(), String.join("", kept)));
                return new ToolCallTokens(calls, new TextGenerator.Answer(tokens, FinishReason.LENGTH, null));
            }
            tokens.addAll(arguments);
            calls.add(call);
        }
        FinishReason finish = cut ? FinishReason.LENGTH : FinishReason.TOOL_CALLS;
        return new ToolCallTokens(calls, new TextGenerator.Answer(tokens, finish, null));
    }
}
