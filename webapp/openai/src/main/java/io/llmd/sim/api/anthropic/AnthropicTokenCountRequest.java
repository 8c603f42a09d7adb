package io.llmd.sim.api.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/messages/count_tokens} as vLLM reads it: only the fields that make the prompt.
 * Every other field of a message request ({@code max_tokens}, {@code stream}, the sampling fields,
 * {@code stop_sequences}) is ignored whatever its value, as vLLM's count request has none of them.
 *
 * @param model      required, as in vLLM
 * @param messages   as a message request's
 * @param system     as a message request's
 * @param toolChoice as a message request's
 * @param tools      as a message request's
 */
public record AnthropicTokenCountRequest(
        @Nullable String model,
        @Nullable JsonNode messages,
        @Nullable JsonNode system,
        @Nullable JsonNode toolChoice,
        @Nullable JsonNode tools) {

    /** The message request whose prompt this counts: no token limit, no sampling, not streamed. */
    public AnthropicRequest toMessage() {
        return new AnthropicRequest(
                model, messages, null, null, null, null, system, null, toolChoice, tools, null, null);
    }
}
