package io.llmd.sim.api;

import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.TokenLogprob;
import io.llmd.sim.core.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** Planned answers written by hand, for the wire records and the stream encoder. */
final class Generations {
    static final ModelTarget BASE = new ModelTarget("m", null);

    private Generations() {}

    static Generation generation(int promptTokens, Choice... choices) {
        return new Generation(BASE, promptTokens, 100, List.of(choices));
    }

    static Choice text(int index, FinishReason finishReason, List<String> tokens) {
        return new Choice(index, tokens, finishReason, null, null, null);
    }

    static Choice stopped(int index, Object stopReason, List<String> tokens) {
        return new Choice(index, tokens, FinishReason.STOP, stopReason, null, null);
    }

    static Choice toolCall(int index, ToolCall call, List<String> argumentTokens) {
        return new Choice(index, argumentTokens, FinishReason.TOOL_CALLS, null, List.of(call), null);
    }

    /** A choice whose tokens each have a made-up logprob and {@code top} alternatives, the token first. */
    static Choice withLogprobs(int index, List<String> tokens, int top) {
        List<TokenLogprob> logprobs = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            double logprob = -0.25 * (i + 1);
            List<TokenLogprob.Alternative> alternatives = new ArrayList<>();
            for (int k = 0; k < top; k++) {
                alternatives.add(new TokenLogprob.Alternative(k == 0 ? tokens.get(i) : " alt" + k, logprob - k));
            }
            logprobs.add(new TokenLogprob(tokens.get(i), logprob, alternatives));
        }
        return new Choice(index, tokens, FinishReason.STOP, null, null, logprobs);
    }
}
