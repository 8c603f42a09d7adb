package io.llmd.sim.api.anthropic;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.ToolCall;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A whole Messages API answer: {@code {"id","type":"message","role":"assistant","content":[..],
 * "model","stop_reason","usage":{"input_tokens","output_tokens"}}}, the content a {@code text} block
 * or one {@code tool_use} block per tool call. Only the first choice is told: the Messages API has no {@code n}.
 */
public record AnthropicResponse(
        String id,
        String type,
        String role,
        List<Block> content,
        String model,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String stopReason,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String stopSequence,
        Usage usage) {

    /** A content block: text, or a tool call with its arguments as a JSON object. */
    public record Block(
            String type,
            @Nullable String text,
            @Nullable String id,
            @Nullable String name,
            @Nullable JsonNode input) {}

    /** Token counts, in the Messages API's names. */
    public record Usage(int inputTokens, int outputTokens) {}

    public static AnthropicResponse of(String id, String model, Generation generation) {
        Choice choice = generation.first();
        List<Block> content = new ArrayList<>();
        for (ToolCall call : choice.toolCalls()) {
            content.add(new Block("tool_use", null, call.id(), call.name(), arguments(call.arguments())));
        }
        if (choice.toolCalls().isEmpty() && !choice.tokens().isEmpty()) {
            content.add(new Block("text", choice.text(), null, null, null));
        }
        return new AnthropicResponse(
                id,
                "message",
                "assistant",
                content,
                model,
                stopReason(choice.finishReason()),
                null,
                new Usage(generation.promptTokens(), choice.tokens().size()));
    }

    /**
     * The Messages API's {@code stop_reason} for a finish reason, as vLLM maps it: a stop string
     * ends the turn like the model's own end (vLLM never answers {@code stop_sequence}).
     */
    public static String stopReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "end_turn";
            // The Go simulator ends its early cache-threshold answer (which vLLM has not) as max_tokens.
            case LENGTH, CACHE_THRESHOLD -> "max_tokens";
            case TOOL_CALLS -> "tool_use";
            // vLLM's Messages endpoint maps any other finish reason to end_turn.
            case ABORT -> "end_turn";
        };
    }

    /** A tool call's arguments as an object; cut short by the token limit, they are not JSON, and read as {}. */
    private static JsonNode arguments(String json) {
        try {
            JsonNode node = Json.mapper().readTree(json);
            return node != null && node.isObject() ? node : Json.mapper().createObjectNode();
        } catch (JsonProcessingException e) {
            return Json.mapper().createObjectNode();
        }
    }
}
