package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.api.schema.JsonSchema;
import io.llmd.sim.api.schema.SchemaException;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code response_format}: {@code json_object} answers with a JSON object, {@code json_schema}
 * with JSON that validates against the schema (vLLM's guided decoding).
 */
final class StructuredOutput {
    /** What a json_object answer looks like: an object with one string. */
    private static final JsonNode ANY_OBJECT = anyObject();

    private final JsonSchema schema;

    private StructuredOutput(JsonSchema schema) {
        this.schema = schema;
    }

    private static JsonNode anyObject() {
        ObjectNode schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        schema.putObject("properties").putObject("answer").put("type", "string");
        schema.putArray("required").add("answer");
        return schema;
    }

    static void validate(@Nullable JsonNode format) {
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asText("");
        switch (type) {
            case "text", "json_object" -> {}
            case "json_schema" -> {
                if (!format.path("json_schema").path("schema").isObject()) {
                    throw SimException.badRequest(
                            "response_format json_schema needs json_schema.schema, an object.", "response_format");
                }
            }
            default ->
                throw SimException.badRequest(
                        "response_format.type must be 'text', 'json_object' or 'json_schema'.", "response_format");
        }
    }

    /**
     * The JSON answers a validated format asks for, its schema read once; null for plain text.
     *
     * @throws SimException BAD_REQUEST naming response_format when no answer can be made from the schema
     */
    static @Nullable StructuredOutput of(@Nullable JsonNode format, int contextTokens) {
        if (format == null || format.isNull()) {
            return null;
        }
        JsonNode schema = switch (format.path("type").asText("")) {
            case "json_object" -> ANY_OBJECT;
            case "json_schema" -> format.path("json_schema").path("schema");
            default -> null;
        };
        if (schema == null) {
            return null;
        }
        try {
            return new StructuredOutput(JsonSchema.compile(schema, contextTokens));
        } catch (SchemaException e) {
            throw SimException.badRequest("response_format.json_schema.schema " + e.getMessage(), "response_format");
        }
    }

    /** One answer of at most {@code maxTokens} tokens (cut there, as guided decoding cuts it). */
    GenerationRequest.StructuredAnswer answer(SeededRandom random, int maxTokens) {
        JsonSchema.Answer answer = schema.answer(random, maxTokens);
        return new GenerationRequest.StructuredAnswer(List.of(), answer.json(), answer.cut());
    }
}
