package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.ToolCall;

/**
 * A chat request's {@code tools} and {@code tool_choice}: checked as vLLM checks them, and turned
 * into the call the simulated model makes, with arguments that satisfy the function's schema.
 */
final class Tools {
    private static final JsonNode OBJECT_SCHEMA =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("type", "object");

    private Tools() {
    }

    static void validate(JsonNode tools, JsonNode toolChoice) {
        if (tools != null && !tools.isNull()) {
            if (!tools.isArray()) {
                throw SimException.badRequest("tools must be a list of tool definitions.", "tools");
            }
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                JsonNode function = tool.path("function");
                // vLLM's type defaults to "function"; it is the only one
                JsonNode type = tool.path("type");
                boolean functionType = type.isMissingNode() || "function".equals(type.textValue());
                if (!functionType || !function.isObject()
                        || !function.path("name").isTextual() || function.path("name").asText().isBlank()) {
                    throw SimException.badRequest("tools[" + i + "] must be {\"type\": \"function\", \"function\": "
                            + "{\"name\": ..., \"parameters\": {...}}}.", "tools");
                }
                JsonNode description = function.get("description");
                if (description != null && !description.isNull() && !description.isTextual()) {
                    throw SimException.badRequest("tools[" + i + "].function.description must be a string.", "tools");
                }
                JsonNode parameters = function.get("parameters");
                if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                    throw SimException.badRequest("tools[" + i + "].function.parameters must be a JSON schema object.",
                            "tools");
                }
            }
        }
        if (toolChoice == null || toolChoice.isNull()) {
            return;
        }
        boolean haveTools = tools != null && tools.isArray() && !tools.isEmpty();
        if (toolChoice.isTextual()) {
            String choice = toolChoice.textValue();
            if (!choice.equals("none") && !choice.equals("auto") && !choice.equals("required")) {
                throw SimException.badRequest("tool_choice must be 'none', 'auto', 'required' or a named function.",
                        "tool_choice");
            }
            if (choice.equals("required") && !haveTools) {
                throw SimException.badRequest("tool_choice 'required' needs tools.", "tool_choice");
            }
            return;
        }
        JsonNode named = toolChoice.path("function").path("name");
        String name = named.isTextual() ? named.textValue() : "";
        if (!toolChoice.isObject() || name.isEmpty()) {
            throw SimException.badRequest("tool_choice must be 'none', 'auto', 'required' or "
                    + "{\"type\": \"function\", \"function\": {\"name\": ...}}.", "tool_choice");
        }
        if (find(tools, name) == null) {
            throw SimException.badRequest("tool_choice names the function '" + name + "', which is not in tools.",
                    "tool_choice");
        }
    }

    /** The call the model makes, or null when it answers with text. */
    static ToolCall decide(JsonNode tools, JsonNode toolChoice, SeededRandom random) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        String mode = toolChoice == null || toolChoice.isNull() ? "auto"
                : toolChoice.isTextual() ? toolChoice.textValue() : "named";
        JsonNode function = switch (mode) {
            case "none" -> null;
            case "named" -> find(tools, toolChoice.path("function").path("name").asText());
            case "required" -> tools.get(random.nextInt(tools.size())).path("function");
            default -> random.nextInt(2) == 1 ? tools.get(random.nextInt(tools.size())).path("function") : null;
        };
        if (function == null) {
            return null;
        }
        JsonNode parameters = function.get("parameters");
        if (parameters == null || !parameters.isObject() || parameters.isEmpty()) {
            // A function without a parameter schema is called with an empty object, as models do.
            parameters = OBJECT_SCHEMA;
        }
        String arguments = new SchemaFaker(random).value(parameters).toString();
        return new ToolCall("chatcmpl-tool-" + random.hex(32), function.path("name").asText(), arguments);
    }

    private static JsonNode find(JsonNode tools, String name) {
        if (tools != null && tools.isArray()) {
            for (JsonNode tool : tools) {
                if (name.equals(tool.path("function").path("name").asText())) {
                    return tool.path("function");
                }
            }
        }
        return null;
    }
}
