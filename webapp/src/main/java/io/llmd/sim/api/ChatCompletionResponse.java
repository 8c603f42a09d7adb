package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A whole chat answer. */
public record ChatCompletionResponse(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage) {

    public static ChatCompletionResponse of(String id, long created, String model, String content,
                                            String finishReason, Usage usage) {
        Choice choice = new Choice(0, new AssistantMessage("assistant", content), null, finishReason, null);
        return new ChatCompletionResponse(id, "chat.completion", created, model, List.of(choice), usage);
    }

    /** One choice; {@code logprobs} and {@code stop_reason} are written as null, as vLLM does. */
    public record Choice(
            int index,
            AssistantMessage message,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
            String finishReason,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object stopReason) {
    }

    /** The assistant's message. */
    public record AssistantMessage(String role, String content) {
    }
}
