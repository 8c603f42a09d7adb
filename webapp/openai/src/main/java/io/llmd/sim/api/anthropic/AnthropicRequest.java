package io.llmd.sim.api.anthropic;

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
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/messages}, Anthropic's Messages API as vLLM serves it: the request is turned into
 * the chat completion request it means ({@link #toChat}), so that the prompt, the token limit,
 * stop sequences and tools are counted and answered exactly as chat's are.
 *
 * @param model         required, as in vLLM's Anthropic endpoint
 * @param messages      {@code user} and {@code assistant} turns: a string, or blocks of {@code text},
 *                      {@code image}, {@code tool_use}, {@code tool_result} (and {@code thinking}, not counted)
 * @param maxTokens     required, at least 1
 * @param system        a string, or text blocks
 * @param toolChoice    {@code {"type":"auto"|"any"|"tool"|"none","name","disable_parallel_tool_use"}}
 * @param tools         {@code [{"name","description","input_schema"}]}
 */
public record AnthropicRequest(
        @Nullable String model,
        @Nullable JsonNode messages,
        @Nullable Integer maxTokens,
        @Nullable JsonNode metadata,
        @Nullable List<String> stopSequences,
        @Nullable Boolean stream,
        @Nullable JsonNode system,
        @Nullable Double temperature,
        @Nullable JsonNode toolChoice,
        @Nullable JsonNode tools,
        @Nullable Integer topK,
        @Nullable Double topP) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * This request with the {@code system} turns of {@code messages} moved into {@code system}, as
     * vLLM's message request reads them (Claude Code sends its system prompt so): their text, or
     * their blocks, after what {@code system} held. When no such turn has text or blocks, the
     * request stays as it was (its system turns are then refused by role). vLLM's token count
     * request does not do this.
     */
    public AnthropicRequest withSystemTurnsHoisted() {
        if (messages == null || !messages.isArray()) {
            return this;
        }
        ArrayNode others = NODES.arrayNode();
        ArrayNode hoisted = NODES.arrayNode();
        for (JsonNode message : messages) {
            if (!message.isObject() || !"system".equals(message.path("role").textValue())) {
                others.add(message);
            } else if (message.path("content").isTextual()) {
                hoisted.addObject().put("type", "text").set("text", message.get("content"));
            } else if (message.path("content").isArray()) {
                hoisted.addAll((ArrayNode) message.get("content"));
            }
        }
        if (hoisted.isEmpty()) {
            return this;
        }
        ArrayNode merged = NODES.arrayNode();
        if (system != null && system.isArray()) {
            merged.addAll((ArrayNode) system);
        } else if (system != null && !system.isNull()) {
            merged.addObject()
                    .put("type", "text")
                    .put("text", system.isTextual() ? system.textValue() : system.toString());
        }
        merged.addAll(hoisted);
        return new AnthropicRequest(
                model,
                others,
                maxTokens,
                metadata,
                stopSequences,
                stream,
                merged,
                temperature,
                toolChoice,
                tools,
                topK,
                topP);
    }

    /** Checks what the chat request it becomes cannot; throws a 400 naming the field. */
    public void validate() {
        requireModel();
        if (maxTokens == null) {
            throw SimException.badRequest("max_tokens: Field required", "max_tokens");
        }
        if (maxTokens <= 0) {
            throw SimException.badRequest("max_tokens must be positive", "max_tokens");
        }
        checkPrompt();
    }

    /**
     * Checks a {@code /v1/messages/count_tokens} request as vLLM's does: the fields of a message
     * request that make its prompt, and no {@code max_tokens} (which it ignores, as it ignores
     * {@code stream} and the sampling fields).
     */
    public void validateCount() {
        requireModel();
        checkPrompt();
    }

    private void requireModel() {
        if (model == null || model.isEmpty()) {
            throw SimException.badRequest("model: Field required", "model");
        }
    }

    private void checkPrompt() {
        if (messages == null || !messages.isArray()) {
            throw SimException.badRequest("messages: Input should be a valid list", "messages");
        }
        if (messages.isEmpty()) {
            throw SimException.badRequest("messages must not be empty", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw SimException.badRequest(
                        "messages[" + i + "].role: Input should be 'user' or 'assistant'", "messages");
            }
            JsonNode content = message.path("content");
            if (!content.isTextual() && !content.isArray()) {
                throw SimException.badRequest(
                        "messages[" + i + "].content: Input should be a valid string or a list of content blocks",
                        "messages");
            }
            for (JsonNode block : content) {
                checkBlock(block, "messages[" + i + "].content");
            }
        }
        if (system != null && !system.isNull()) {
            if (!system.isTextual() && !system.isArray()) {
                throw SimException.badRequest(
                        "system: Input should be a valid string or a list of content blocks", "system");
            }
            for (JsonNode block : system) {
                checkBlock(block, "system");
            }
        }
        if (toolChoice != null && !toolChoice.isNull()) {
            String type = toolChoice.path("type").asText("");
            if (!List.of("auto", "any", "tool", "none").contains(type)) {
                throw SimException.badRequest(
                        "tool_choice.type: Input should be 'auto', 'any', 'tool' or 'none'", "tool_choice");
            }
            if (type.equals("tool") && toolChoice.path("name").asText("").isEmpty()) {
                throw SimException.badRequest("tool_choice of type 'tool' requires a non-empty 'name'", "tool_choice");
            }
        }
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw SimException.badRequest("tools: Input should be a valid list", "tools");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                if (!tool.path("name").isTextual()) {
                    throw SimException.badRequest("tools[" + i + "].name: Field required", "tools");
                }
                if (!tool.path("input_schema").isObject()) {
                    throw SimException.badRequest("tools[" + i + "].input_schema must be a dictionary", "tools");
                }
            }
        }
    }

    private static void checkBlock(JsonNode block, String where) {
        String type = block.path("type").asText("");
        switch (type) {
            case "text" -> {
                if (!block.path("text").isTextual()) {
                    throw SimException.badRequest(where + ": a text block needs a string 'text'", where(where));
                }
            }
            case "image" -> {
                if (!block.path("source").isObject()) {
                    throw SimException.badRequest(
                            "image content block is missing required 'source' field", where(where));
                }
            }
            case "tool_use", "tool_result", "thinking" -> {}
            default ->
                throw SimException.badRequest(
                        where + ": Input tag '" + type
                                + "' does not match any of the expected tags: 'text', 'image', 'tool_use', "
                                + "'tool_result', 'thinking'",
                        where(where));
        }
    }

    private static String where(String where) {
        int bracket = where.indexOf('[');
        return bracket < 0 ? where : where.substring(0, bracket);
    }

    public boolean streaming() {
        return Boolean.TRUE.equals(stream);
    }

    /**
     * The chat completion request this one means, as vLLM converts it: the system prompt first,
     * text blocks as text parts, images as image parts, {@code tool_use} blocks as the assistant's
     * tool calls, a user's {@code tool_result} as a {@code tool} message; {@code any} is chat's
     * {@code required}; a stream asks for usage on every chunk.
     */
    public ChatCompletionRequest toChat() {
        ObjectNode chat = NODES.objectNode();
        chat.put("model", model);
        ArrayNode out = chat.putArray("messages");
        if (system != null && !system.isNull()) {
            out.addObject()
                    .put("role", "system")
                    .put("content", system.isTextual() ? system.textValue() : text(system));
        }
        if (messages != null) {
            for (JsonNode message : messages) {
                convert(message, out);
            }
        }
        chat.put("max_tokens", maxTokens);
        if (stopSequences != null) {
            ArrayNode stop = chat.putArray("stop");
            stopSequences.forEach(stop::add);
        }
        if (streaming()) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true).put("continuous_usage_stats", true);
        }
        if (tools != null && tools.isArray() && !tools.isEmpty()) {
            ArrayNode functions = chat.putArray("tools");
            for (JsonNode tool : tools) {
                ObjectNode function =
                        functions.addObject().put("type", "function").putObject("function");
                function.set("name", tool.get("name"));
                if (tool.hasNonNull("description")) {
                    function.set("description", tool.get("description"));
                }
                ObjectNode schema = ((ObjectNode) tool.get("input_schema")).deepCopy();
                if (!schema.has("type")) {
                    schema.put("type", "object");
                }
                function.set("parameters", schema);
            }
            chat.set("tool_choice", toolChoiceForChat());
            if (toolChoice != null
                    && toolChoice.path("disable_parallel_tool_use").asBoolean(false)) {
                chat.put("parallel_tool_calls", false);
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
        JsonNode choice = toolChoice == null ? NODES.nullNode() : toolChoice;
        String type = choice.isNull() ? "auto" : choice.path("type").asText();
        return switch (type) {
            case "any" -> NODES.textNode("required");
            case "none" -> NODES.textNode("none");
            case "tool" -> {
                ObjectNode named = NODES.objectNode().put("type", "function");
                named.putObject("function").put("name", choice.path("name").asText());
                yield named;
            }
            default -> NODES.textNode("auto");
        };
    }

    private static void convert(JsonNode message, ArrayNode out) {
        String role = message.path("role").asText();
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            out.addObject().put("role", role).put("content", content.textValue());
            return;
        }
        ArrayNode parts = NODES.arrayNode();
        ArrayNode toolCalls = NODES.arrayNode();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" ->
                    parts.addObject()
                            .put("type", "text")
                            .put("text", block.path("text").asText());
                case "image" -> {
                    ObjectNode part = parts.addObject().put("type", "image_url");
                    part.putObject("image_url").put("url", imageUrl(block.path("source")));
                }
                case "tool_use" -> {
                    ObjectNode call = toolCalls
                            .addObject()
                            .put("id", block.path("id").asText(""))
                            .put("type", "function");
                    call.putObject("function")
                            .put("name", block.path("name").asText(""))
                            .put(
                                    "arguments",
                                    block.path("input").isObject()
                                            ? block.path("input").toString()
                                            : "{}");
                }
                case "tool_result" -> {
                    String result = resultText(block.path("content"));
                    if (role.equals("user")) {
                        String id = block.path("tool_use_id")
                                .asText(block.path("id").asText(""));
                        out.addObject()
                                .put("role", "tool")
                                .put("tool_call_id", id)
                                .put("content", result);
                    } else {
                        parts.addObject().put("type", "text").put("text", "Tool result: " + result);
                    }
                }
                default -> {} // thinking: the model's own reasoning, not part of the prompt it is shown
            }
        }
        if (parts.isEmpty() && toolCalls.isEmpty()) {
            return;
        }
        ObjectNode converted = out.addObject().put("role", role);
        if (parts.size() == 1 && parts.get(0).path("type").asText().equals("text")) {
            converted.set("content", parts.get(0).get("text"));
        } else if (!parts.isEmpty()) {
            converted.set("content", parts);
        } else {
            converted.putNull("content");
        }
        if (!toolCalls.isEmpty()) {
            converted.set("tool_calls", toolCalls);
        }
    }

    private static String imageUrl(JsonNode source) {
        if (source.path("type").asText().equals("url")) {
            return source.path("url").asText("");
        }
        return "data:" + source.path("media_type").asText("image/png") + ";base64,"
                + source.path("data").asText("");
    }

    /** A tool result's content: a string, or text blocks joined. */
    private static String resultText(JsonNode content) {
        return content.isTextual() ? content.textValue() : text(content);
    }

    private static String text(JsonNode blocks) {
        StringBuilder text = new StringBuilder();
        for (JsonNode block : blocks) {
            if (block.path("type").asText().equals("text")) {
                text.append(block.path("text").asText(""));
            }
        }
        return text.toString();
    }
}
