package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.Generation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A whole chat answer. */
public record ChatCompletionResponse(
        String id,
        String object,
        long created,
        String model,
        List<ChatChoice> choices,
        Usage usage,
        @Nullable Map<String, Object> kvTransferParams) {

    /**
     * The same answer with the omni mode's image in every choice: its content becomes parts, the
     * text's (none beside tool calls) and then the image's, as the Go simulator sends them.
     */
    public ChatCompletionResponse withImage() {
        List<ChatChoice> withImages = new ArrayList<>();
        for (ChatChoice choice : choices) {
            AssistantMessage message = choice.message();
            String text = message.content() instanceof String content ? content : null;
            withImages.add(new ChatChoice(
                    choice.index(),
                    new AssistantMessage(message.role(), SyntheticImage.content(text), message.toolCalls()),
                    choice.logprobs(),
                    choice.finishReason(),
                    choice.stopReason()));
        }
        return new ChatCompletionResponse(id, object, created, model, withImages, usage, kvTransferParams);
    }

    /** The same answer, carrying vLLM's {@code kv_transfer_params} for the decode instance. */
    public ChatCompletionResponse withKvTransferParams(@Nullable Map<String, Object> params) {
        return new ChatCompletionResponse(id, object, created, model, choices, usage, params);
    }

    /** The same answer, reporting the prompt tokens the prefix cache held (none when 0). */
    public ChatCompletionResponse withCachedTokens(int cachedTokens) {
        return new ChatCompletionResponse(
                id, object, created, model, choices, usage.withCachedTokens(cachedTokens), kvTransferParams);
    }

    public static ChatCompletionResponse of(String id, long created, String model, Generation generation) {
        List<ChatChoice> choices = new ArrayList<>();
        for (Choice choice : generation.choices()) {
            List<ToolCallJson> calls = choice.toolCalls().isEmpty()
                    ? null
                    : choice.toolCalls().stream()
                            .map(call -> ToolCallJson.of(call.id(), call.name(), call.arguments()))
                            .toList();
            AssistantMessage message = new AssistantMessage("assistant", calls == null ? choice.text() : null, calls);
            choices.add(new ChatChoice(
                    choice.index(),
                    message,
                    Logprobs.chat(choice.logprobs()),
                    choice.finishReason().value(),
                    choice.stopReason()));
        }
        return new ChatCompletionResponse(id, "chat.completion", created, model, choices, Usage.of(generation), null);
    }

    /** One choice; {@code logprobs} and {@code stop_reason} are written even when null, as vLLM does. */
    public record ChatChoice(
            int index,
            AssistantMessage message,
            @JsonInclude(JsonInclude.Include.ALWAYS) Logprobs.@Nullable Chat logprobs,
            String finishReason,

            @Nullable @JsonInclude(JsonInclude.Include.ALWAYS)
            Object stopReason) {}
    /**
     * The assistant's message: content (text, or in omni mode a list of {@link SyntheticImage.Part}s),
     * or (content null) the tool calls it makes.
     */
    public record AssistantMessage(
            String role,

            @Nullable @JsonInclude(JsonInclude.Include.ALWAYS)
            Object content,

            @Nullable List<ToolCallJson> toolCalls) {}

    /** A tool call on the wire. */
    public record ToolCallJson(String id, String type, Function function) {
        static ToolCallJson of(String id, String name, String arguments) {
            return new ToolCallJson(id, "function", new Function(name, arguments));
        }

        /** The function called and its arguments (JSON text). */
        public record Function(String name, String arguments) {}
    }
}
