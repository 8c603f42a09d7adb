package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;

/**
 * {@code response_format}: {@code json_object} answers with a JSON object, {@code json_schema}
 * with JSON that validates against the schema (vLLM's guided decoding).
 */
final class StructuredOutput {

    private StructuredOutput() {
    }

    static void validate(JsonNode format) {
        if (format == null || format.isNull()) {
            return;
        }
        String type = format.path("type").asText("");
        switch (type) {
            case "text", "json_object" -> { }
            case "json_schema" -> {
                if (!format.path("json_schema").path("schema").isObject()) {
                    throw SimException.badRequest("response_format json_schema needs json_schema.schema, an object.",
                            "response_format");
                }
            }
            default -> throw SimException.badRequest(
                    "response_format.type must be 'text', 'json_object' or 'json_schema'.", "response_format");
        }
    }

    /** The JSON text the model answers with, or null for a plain text answer. */
    static String make(JsonNode format, SeededRandom random) {
        if (format == null || format.isNull()) {
            return null;
        }
        return switch (format.path("type").asText("")) {
            case "json_object" -> "{\"answer\": \"" + new SchemaFaker(random).value(null).asText() + "\"}";
            case "json_schema" -> new SchemaFaker(random).value(format.path("json_schema").path("schema")).toString();
            default -> null;
        };
    }
}
