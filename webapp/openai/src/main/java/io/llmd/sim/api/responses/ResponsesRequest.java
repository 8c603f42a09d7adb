package io.llmd.sim.api.responses;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.api.ChatCompletionRequest;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.WrongType;
import io.llmd.sim.core.SimException;
import java.util.List;
import java.util.Objects;

/**
 * {@code POST /v1/responses}, OpenAI's Responses API: {@code input} is a string or a list of items
 * (messages with text and image parts, earlier function calls and their outputs). The request is
 * turned into the chat request it means ({@link #toChat}), so that it is counted, limited and
 * answered (tools, structured output, log probabilities) exactly as chat is.
 */
public record ResponsesRequest(
        String model,
        JsonNode input,
        String instructions,
        Integer maxOutputTokens,
        JsonNode tools,
        JsonNode toolChoice,
        JsonNode text,
        Boolean stream,
        List<String> include,
        Integer topLogprobs,
        Double temperature,
        Double topP,
        JsonNode metadata,
        Boolean parallelToolCalls,
        Boolean store,
        String previousResponseId,
        String user) {

    /** What {@code include} names to get each output token's log probabilities. */
    public static final String LOGPROBS = "message.output_text.logprobs";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> ROLES = List.of("user", "assistant", "system", "developer");

    /** Checks what the chat request it becomes cannot; throws a 400 naming the field. */
    public void validate() {
        if (input == null || input.isNull()) {
            throw SimException.badRequest("input: Field required", "input");
        }
        if (input.isTextual() ? input.textValue().isEmpty() : !input.isArray() || input.isEmpty()) {
            throw SimException.badRequest("input must be a non-empty string or a non-empty list of items", "input");
        }
        for (int i = 0; i < input.size(); i++) {
            checkItem(input.get(i), "input[" + i + "]");
        }
        if (maxOutputTokens != null && maxOutputTokens < 1) {
            throw SimException.badRequest(
                    "max_output_tokens must be at least 1, got " + maxOutputTokens + ".", "max_output_tokens");
        }
        if (previousResponseId != null) {
            throw SimException.badRequest(
                    "previous_response_id is not supported: the simulator stores no responses; send the whole "
                            + "conversation as input.",
                    "previous_response_id");
        }
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw SimException.badRequest("tools: Input should be a valid list", "tools");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                if (!"function".equals(tool.path("type").asText())
                        || !tool.path("name").isTextual()) {
                    throw SimException.badRequest(
                            "tools[" + i
                                    + "] must be a function tool with a name: {\"type\":\"function\",\"name\",...}",
                            "tools");
                }
            }
        }
        if (text != null && !text.isNull() && !text.isObject()) {
            throw SimException.badRequest("text: Input should be a valid dictionary", "text");
        }
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw SimException.badRequest("metadata: Input should be a valid dictionary", "metadata");
        }
        if (text != null && !text.isNull() && !text.path("format").isMissingNode()) {
            String type = text.path("format").path("type").asText("");
            if (!List.of("text", "json_object", "json_schema").contains(type)) {
                throw SimException.badRequest(
                        "text.format.type must be 'text', 'json_object' or 'json_schema'", "text");
            }
            if (type.equals("json_schema")
                    && !text.path("format").path("schema").isObject()) {
                throw SimException.badRequest("text.format.schema must be a JSON schema object", "text");
            }
        }
    }

    private static void checkItem(JsonNode item, String where) {
        String type = item.path("type").asText(item.has("role") ? "message" : "");
        switch (type) {
            case "message" -> {
                if (!ROLES.contains(item.path("role").asText())) {
                    throw SimException.badRequest(
                            where + ".role must be 'user', 'assistant', 'system' or 'developer'", "input");
                }
                JsonNode content = item.path("content");
                if (!content.isTextual() && !content.isArray()) {
                    throw SimException.badRequest(
                            where + ".content must be a string or a list of content parts", "input");
                }
                for (JsonNode part : content) {
                    String kind = part.path("type").asText("");
                    if (!List.of("input_text", "output_text", "input_image", "input_file", "refusal")
                            .contains(kind)) {
                        throw SimException.badRequest(
                                where + ".content has a part of unknown type '" + kind + "'", "input");
                    }
                }
            }
            case "function_call" -> {
                if (!item.path("call_id").isTextual() || !item.path("name").isTextual()) {
                    throw SimException.badRequest(where + ": a function_call needs a call_id and a name", "input");
                }
            }
            case "function_call_output" -> {
                if (!item.path("call_id").isTextual()) {
                    throw SimException.badRequest(
                            where + ": a function_call_output needs the call_id it answers", "input");
                }
            }
            case "reasoning" -> {}
            default -> throw SimException.badRequest(where + " has an unknown type '" + type + "'", "input");
        }
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /** Whether each output token's log probabilities are asked for. */
    public boolean logprobs() {
        return include != null && include.contains(LOGPROBS);
    }

    /**
     * The chat request this one means: {@code instructions} as the system message, input messages
     * as chat messages ({@code developer} as {@code system}, parts as text and image parts),
     * function calls as the assistant's tool calls and their outputs as {@code tool} messages;
     * {@code max_output_tokens} as {@code max_tokens}, flat function tools as chat's, {@code
     * text.format} as {@code response_format}.
     */
    public ChatCompletionRequest toChat() {
        ObjectNode chat = NODES.objectNode();
        chat.put("model", model);
        ArrayNode messages = chat.putArray("messages");
        if (instructions != null && !instructions.isEmpty()) {
            messages.addObject().put("role", "system").put("content", instructions);
        }
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.textValue());
        } else {
            for (JsonNode item : input) {
                convert(item, messages);
            }
        }
        if (maxOutputTokens != null) {
            chat.put("max_tokens", maxOutputTokens);
        }
        if (streaming()) {
            chat.put("stream", true);
        }
        if (logprobs()) {
            chat.put("logprobs", true);
            if (topLogprobs != null) {
                chat.put("top_logprobs", topLogprobs);
            }
        }
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode functions = chat.putArray("tools");
            for (JsonNode tool : tools) {
                ObjectNode function =
                        functions.addObject().put("type", "function").putObject("function");
                function.set("name", tool.get("name"));
                copy(tool, function, "description");
                copy(tool, function, "parameters");
                copy(tool, function, "strict");
            }
            if (toolChoice != null && !toolChoice.isNull()) {
                chat.set("tool_choice", toolChoiceForChat());
            }
            if (Boolean.FALSE.equals(parallelToolCalls)) {
                chat.put("parallel_tool_calls", false);
            }
        }
        JsonNode format = text == null ? null : text.get("format");
        if (format != null && !"text".equals(format.path("type").asText())) {
            ObjectNode responseFormat = chat.putObject("response_format")
                    .put("type", format.path("type").asText());
            if (format.path("type").asText().equals("json_schema")) {
                ObjectNode schema = responseFormat.putObject("json_schema");
                schema.put("name", format.path("name").asText("schema"));
                schema.set("schema", format.get("schema"));
                copy(format, schema, "strict");
            }
        }
        try {
            return Json.mapper().treeToValue(chat, ChatCompletionRequest.class);
        } catch (MismatchedInputException e) {
            throw SimException.badRequest(WrongType.describe(e), null);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw SimException.badRequest(
                    Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()), null);
        }
    }

    private JsonNode toolChoiceForChat() {
        if (toolChoice.isTextual()) {
            return toolChoice;
        }
        String name = toolChoice.path("name").asText("");
        if (toolChoice.path("type").asText().equals("function") && !name.isEmpty()) {
            ObjectNode named = NODES.objectNode().put("type", "function");
            named.putObject("function").put("name", name);
            return named;
        }
        // allowed_tools and custom choices are read, not enforced: any tool may be called.
        return NODES.textNode("auto");
    }

    private static void convert(JsonNode item, ArrayNode messages) {
        String type = item.path("type").asText("message");
        switch (type) {
            case "function_call" -> {
                ObjectNode message = messages.addObject().put("role", "assistant");
                message.putNull("content");
                ObjectNode call = message.putArray("tool_calls")
                        .addObject()
                        .put("id", item.path("call_id").asText())
                        .put("type", "function");
                call.putObject("function")
                        .put("name", item.path("name").asText())
                        .put("arguments", item.path("arguments").asText("{}"));
            }
            case "function_call_output" -> {
                JsonNode output = item.path("output");
                messages.addObject()
                        .put("role", "tool")
                        .put("tool_call_id", item.path("call_id").asText())
                        .put("content", output.isTextual() ? output.textValue() : output.toString());
            }
            case "message" -> {
                String role = item.path("role").asText();
                ObjectNode message = messages.addObject().put("role", role.equals("developer") ? "system" : role);
                JsonNode content = item.path("content");
                if (content.isTextual()) {
                    message.put("content", content.textValue());
                    return;
                }
                ArrayNode parts = message.putArray("content");
                for (JsonNode part : content) {
                    switch (part.path("type").asText()) {
                        case "input_text", "output_text" ->
                            parts.addObject()
                                    .put("type", "text")
                                    .put("text", part.path("text").asText(""));
                        case "refusal" ->
                            parts.addObject()
                                    .put("type", "text")
                                    .put("text", part.path("refusal").asText(""));
                        case "input_image" ->
                            parts.addObject()
                                    .put("type", "image_url")
                                    .putObject("image_url")
                                    .put("url", part.path("image_url").asText(""));
                        default -> {} // files are not read
                    }
                }
            }
            default -> {} // reasoning items: the model's own thoughts, not part of the prompt
        }
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }
}
