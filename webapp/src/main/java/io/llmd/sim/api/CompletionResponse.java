package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A whole text completion. */
public record CompletionResponse(
        String id,
        String object,
        long created,
        String model,
        List<Choice> choices,
        Usage usage) {

    public static CompletionResponse of(String id, long created, String model, String text, String finishReason,
                                        Usage usage) {
        Choice choice = new Choice(0, text, null, finishReason, null);
        return new CompletionResponse(id, "text_completion", created, model, List.of(choice), usage);
    }

    /** One choice; {@code logprobs} and {@code stop_reason} are written as null, as vLLM does. */
    public record Choice(
            int index,
            String text,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object logprobs,
            String finishReason,
            @JsonInclude(JsonInclude.Include.ALWAYS) Object stopReason) {
    }
}
