package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.llmd.sim.api.schema.JsonSchema;
import io.llmd.sim.api.schema.SchemaException;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Tokenizer;
import io.llmd.sim.core.ToolCall;
import io.llmd.sim.core.ToolCallOptions;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A chat request's {@code tools} and {@code tool_choice}: checked as vLLM checks them, and turned
 * into the call the simulated model makes, with arguments that satisfy the function's schema.
 */
final class Tools {
    private static final JsonNode OBJECT_SCHEMA = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
            .objectNode()
            .put("type", "object");

    private final JsonNode tools;
    private final JsonNode toolChoice;
    /** Each tool's parameter schema, read once, in the order of the tools; null for one never called. */
    private final List<JsonSchema> schemas;

    private final ToolCallOptions options;

    private Tools(JsonNode tools, @Nullable JsonNode toolChoice, List<JsonSchema> schemas, ToolCallOptions options) {
        this.tools = tools;
        this.toolChoice = toolChoice == null ? NullNode.instance : toolChoice;
        this.schemas = schemas;
        this.options = options;
    }

    static void validate(@Nullable JsonNode tools, @Nullable JsonNode toolChoice) {
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
                if (!functionType
                        || !function.isObject()
                        || !function.path("name").isTextual()
                        || function.path("name").asText().isBlank()) {
                    throw SimException.badRequest(
                            "tools[" + i + "] must be {\"type\": \"function\", \"function\": "
                                    + "{\"name\": ..., \"parameters\": {...}}}.",
                            "tools");
                }
                JsonNode description = function.get("description");
                if (description != null && !description.isNull() && !description.isTextual()) {
                    throw SimException.badRequest("tools[" + i + "].function.description must be a string.", "tools");
                }
                JsonNode parameters = function.get("parameters");
                if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                    throw SimException.badRequest(
                            "tools[" + i + "].function.parameters must be a JSON schema object.", "tools");
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
                throw SimException.badRequest(
                        "tool_choice must be 'none', 'auto', 'required' or a named function.", "tool_choice");
            }
            if (choice.equals("required") && !haveTools) {
                throw SimException.badRequest("tool_choice 'required' needs tools.", "tool_choice");
            }
            return;
        }
        JsonNode named = toolChoice.path("function").path("name");
        String name = named.isTextual() ? named.textValue() : "";
        if (!toolChoice.isObject() || name.isEmpty()) {
            throw SimException.badRequest(
                    "tool_choice must be 'none', 'auto', 'required' or "
                            + "{\"type\": \"function\", \"function\": {\"name\": ...}}.",
                    "tool_choice");
        }
        if (find(tools, name) == null) {
            throw SimException.badRequest(
                    "tool_choice names the function '" + name + "', which is not in tools.", "tool_choice");
        }
    }

    /**
     * Validated tools, ready to be called: every function's parameter schema is read now (not
     * with tool_choice none, which never calls one); null when there are no tools.
     *
     * @param options how arguments are made; with {@link ToolCallOptions#skipValidation()} a tool
     *                whose schema no value satisfies is taken, and never called
     * @throws SimException BAD_REQUEST naming tools when no arguments can be made from a schema
     */
    static @Nullable Tools of(
            @Nullable JsonNode tools, @Nullable JsonNode toolChoice, int contextTokens, ToolCallOptions options) {
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            return null;
        }
        boolean never = toolChoice != null
                && toolChoice.isTextual()
                && toolChoice.textValue().equals("none");
        List<JsonSchema> schemas = new ArrayList<>();
        for (int i = 0; i < tools.size() && !never; i++) {
            try {
                schemas.add(JsonSchema.compile(parameters(tools.get(i).path("function")), contextTokens));
            } catch (SchemaException e) {
                if (!options.skipValidation()) {
                    throw SimException.badRequest("tools[" + i + "].function.parameters " + e.getMessage(), "tools");
                }
                // As vLLM passes tools on to the model unchecked: the model just never calls this one.
                schemas.add(null);
            }
        }
        return new Tools(tools, toolChoice, schemas, options);
    }

    /**
     * The calls the model makes, with arguments of at most {@code maxTokens} tokens in all; null
     * when it answers with text. Their number is the Go simulator's: the fewest tool_choice allows
     * (auto none, required one), then one more while a draw of {@link
     * ToolCallOptions#extraCallPercent()} succeeds, up to as many calls as there are callable tools
     * (a named function is called once); each call's function is drawn among the callable ones, so
     * one may be called twice.
     *
     * @param parallel the request's {@code parallel_tool_calls}: false keeps the first call only,
     *                 as vLLM filters the answer
     */
    GenerationRequest.@Nullable StructuredAnswer decide(SeededRandom random, int maxTokens, boolean parallel) {
        String mode = toolChoice == null || toolChoice.isNull()
                ? "auto"
                : toolChoice.isTextual() ? toolChoice.textValue() : "named";
        if (mode.equals("none")) {
            return null;
        }
        List<Integer> callable = new ArrayList<>();
        if (mode.equals("named")) {
            int named = indexOf(tools, toolChoice.path("function").path("name").asText());
            if (named >= 0 && schemas.get(named) != null) {
                callable.add(named);
            }
        } else {
            for (int i = 0; i < schemas.size(); i++) {
                if (schemas.get(i) != null) {
                    callable.add(i);
                }
            }
        }
        if (!mode.equals("auto") && callable.isEmpty()) {
            // A call is demanded of tools whose schemas no value satisfies: guided decoding fails on them too.
            throw SimException.badRequest(
                    "tool_choice demands a call, but no value satisfies the parameters of the tools it allows.",
                    "tools");
        }
        int most = parallel ? callable.size() : Math.min(1, callable.size());
        int count = mode.equals("auto") ? 0 : 1;
        while (count < most && random.nextDouble() * 100 < options.extraCallPercent()) {
            count++;
        }
        if (count == 0) {
            return null;
        }
        List<ToolCall> calls = new ArrayList<>(count);
        int budget = maxTokens;
        boolean cut = false;
        for (int i = 0; i < count && budget > 0 && !cut; i++) {
            int index = callable.size() == 1 ? callable.getFirst() : callable.get(random.nextInt(callable.size()));
            JsonSchema.Answer arguments = schemas.get(index).answer(random, budget, options);
            calls.add(new ToolCall(
                    "chatcmpl-tool-" + random.hex(32),
                    tools.get(index).path("function").path("name").asText(),
                    arguments.json()));
            budget -= Tokenizer.count(arguments.json());
            cut = arguments.cut();
        }
        return new GenerationRequest.StructuredAnswer(calls, null, cut || (budget <= 0 && calls.size() < count));
    }

    /** A function's parameter schema; one without is called with an empty object, as models do. */
    private static JsonNode parameters(JsonNode function) {
        JsonNode parameters = function.get("parameters");
        return parameters == null || !parameters.isObject() || parameters.isEmpty() ? OBJECT_SCHEMA : parameters;
    }

    private static int indexOf(JsonNode tools, String name) {
        for (int i = 0; i < tools.size(); i++) {
            if (name.equals(tools.get(i).path("function").path("name").asText())) {
                return i;
            }
        }
        return -1;
    }

    private static @Nullable JsonNode find(@Nullable JsonNode tools, String name) {
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
