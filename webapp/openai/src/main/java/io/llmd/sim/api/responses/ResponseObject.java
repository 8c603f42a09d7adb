package io.llmd.sim.api.responses;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.Logprobs;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.TokenLogprob;
import io.llmd.sim.core.ToolCall;

/**
 * The Responses API's {@code response} object and its output items, for one planned answer: a
 * {@code message} item with one {@code output_text} part, or one {@code function_call} item per
 * tool call. The items' ids come from the response's ({@code resp_X} has {@code msg_X}, or
 * {@code fc_X}, {@code fc_X_1}, ... for its calls). An answer
 * cut by {@code max_output_tokens} is {@code incomplete}, as vLLM reports it.
 */
public final class ResponseObject {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String id;
    private final long created;
    private final String model;
    private final ResponsesRequest request;
    private final Generation generation;
    private final Choice choice;

    /**
     * @param id      the response's id, {@code resp_} and hex digits
     * @param created its creation time, in Unix seconds
     * @param model   the model as the request named it
     */
    public ResponseObject(String id, long created, String model, ResponsesRequest request, Generation generation) {
        this.id = id;
        this.created = created;
        this.model = model;
        this.request = request;
        this.generation = generation;
        this.choice = generation.first();
    }

    /** The answer's first output item's id. */
    public String itemId() {
        return itemId(0);
    }

    /** Output item {@code index}'s id. */
    public String itemId(int index) {
        String hex = id.startsWith("resp_") ? id.substring("resp_".length()) : id;
        return (isFunctionCall() ? "fc_" : "msg_") + hex + (index == 0 ? "" : "_" + index);
    }

    /** Output items: one per function call, or the one message. */
    public int items() {
        return isFunctionCall() ? choice.toolCalls().size() : 1;
    }

    public boolean isFunctionCall() {
        return choice.toolCall() != null;
    }

    /** The finished response: its output and usage. */
    public ObjectNode completed() {
        ObjectNode response = base(status());
        ArrayNode output = response.putArray("output");
        for (int index = 0; index < items(); index++) {
            output.add(item(index, true));
        }
        if (choice.finishReason() == FinishReason.LENGTH) {
            response.putObject("incomplete_details").put("reason", "max_output_tokens");
        }
        ObjectNode usage = response.putObject("usage");
        usage.put("input_tokens", generation.promptTokens());
        usage.putObject("input_tokens_details").put("cached_tokens", 0);
        usage.put("output_tokens", choice.tokens().size());
        usage.putObject("output_tokens_details").put("reasoning_tokens", 0);
        usage.put("total_tokens", generation.promptTokens() + choice.tokens().size());
        return response;
    }

    /** The response as {@code response.created} and {@code response.in_progress} tell it: no output yet. */
    public ObjectNode inProgress() {
        ObjectNode response = base("in_progress");
        response.putArray("output");
        return response;
    }

    /**
     * The output item: whole and {@code completed}, or as {@code response.output_item.added} opens
     * it ({@code in_progress}, no text or arguments yet).
     */
    public ObjectNode item(boolean done) {
        return item(0, done);
    }

    /** Output item {@code index} (a function call's, or the message at 0), as {@link #item(boolean)}. */
    public ObjectNode item(int index, boolean done) {
        ObjectNode item = NODES.objectNode().put("id", itemId(index));
        if (isFunctionCall()) {
            ToolCall call = choice.toolCalls().get(index);
            item.put("type", "function_call")
                    .put("call_id", call.id())
                    .put("name", call.name())
                    .put("arguments", done ? call.arguments() : "")
                    .put("status", done ? "completed" : "in_progress");
            return item;
        }
        item.put("type", "message").put("role", "assistant").put("status", done ? status() : "in_progress");
        ArrayNode content = item.putArray("content");
        if (done) {
            content.add(textPart(choice.text()));
        }
        return item;
    }

    /** The message's {@code output_text} part with {@code text}, and the tokens' log probabilities when asked. */
    public ObjectNode textPart(String text) {
        ObjectNode part = NODES.objectNode().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        if (choice.logprobs() != null && !text.isEmpty()) {
            ArrayNode logprobs = part.putArray("logprobs");
            for (TokenLogprob token : choice.logprobs()) {
                logprobs.add(logprob(token));
            }
        }
        return part;
    }

    /** One token's log probability in the Responses API's shape. */
    static JsonNode logprob(TokenLogprob token) {
        return Json.mapper().valueToTree(Logprobs.chatToken(token));
    }

    private String status() {
        return choice.finishReason() == FinishReason.LENGTH ? "incomplete" : "completed";
    }

    private ObjectNode base(String status) {
        ObjectNode response = NODES.objectNode()
                .put("id", id)
                .put("object", "response")
                .put("created_at", created)
                .put("status", status)
                .put("background", false)
                .putNull("error")
                .putNull("incomplete_details");
        if (request.instructions() == null) {
            response.putNull("instructions");
        } else {
            response.put("instructions", request.instructions());
        }
        if (request.maxOutputTokens() == null) {
            response.putNull("max_output_tokens");
        } else {
            response.put("max_output_tokens", request.maxOutputTokens());
        }
        response.set("metadata", request.metadata() == null ? NODES.objectNode() : request.metadata());
        response.put("model", model);
        response.put("parallel_tool_calls", !Boolean.FALSE.equals(request.parallelToolCalls()));
        response.putNull("previous_response_id");
        response.put("temperature", request.temperature() == null ? 1.0 : request.temperature());
        ObjectNode text = response.putObject("text");
        JsonNode format = request.text() == null ? null : request.text().get("format");
        text.set("format", format == null ? NODES.objectNode().put("type", "text") : format);
        response.set(
                "tool_choice",
                request.toolChoice() == null || request.toolChoice().isNull()
                        ? NODES.textNode("auto")
                        : request.toolChoice());
        response.set(
                "tools", request.tools() == null || !request.tools().isArray() ? NODES.arrayNode() : request.tools());
        response.put("top_p", request.topP() == null ? 1.0 : request.topP());
        response.put("truncation", "disabled");
        if (request.user() != null) {
            response.put("user", request.user());
        }
        return response;
    }
}
