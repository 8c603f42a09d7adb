package io.llmd.sim.api.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small JSON schema checker for the keywords the faker honours, written independently of it:
 * what is wrong with a value under a schema (empty when it satisfies it). Local $refs are
 * resolved against the root schema.
 */
public final class SchemaCheck {
    private final JsonNode root;

    private SchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** What is wrong with {@code value} under {@code schema}; empty when it satisfies it. */
    public static List<String> violations(JsonNode schema, JsonNode value, String path) {
        return new SchemaCheck(schema).check(schema, value, path);
    }

    private List<String> check(JsonNode schema, JsonNode value, String path) {
        List<String> out = new ArrayList<>();
        if (schema == null || schema.isBoolean()) {
            if (schema != null && !schema.booleanValue()) {
                out.add(path + ": the schema false allows nothing");
            }
            return out;
        }
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            out.addAll(check(root.at(JsonPointer.compile(ref.substring(1))), value, path));
        }
        if (schema.has("const") && !schema.get("const").equals(value)) {
            out.add(path + ": not the const " + schema.get("const"));
        }
        JsonNode choices = schema.get("enum");
        if (choices != null && !contains(choices, value)) {
            out.add(path + ": not one of " + choices);
        }
        JsonNode type = schema.get("type");
        if (type != null) {
            boolean ok = false;
            if (type.isTextual()) {
                ok = hasType(value, type.textValue());
            } else {
                for (JsonNode option : type) {
                    ok |= hasType(value, option.asText());
                }
            }
            if (!ok) {
                out.add(path + ": not of type " + type);
                return out;
            }
        }
        if (value.isNumber()) {
            checkNumber(schema, value, path, out);
        }
        if (value.isTextual()) {
            int length = value.textValue().codePointCount(0, value.textValue().length());
            if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
                out.add(path + ": shorter than minLength");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
                out.add(path + ": longer than maxLength");
            }
        }
        if (value.isArray()) {
            checkArray(schema, value, path, out);
        }
        if (value.isObject()) {
            checkObject(schema, value, path, out);
        }
        if (schema.has("anyOf") && count(schema.get("anyOf"), value, path) == 0) {
            out.add(path + ": matches no anyOf branch");
        }
        if (schema.has("oneOf") && count(schema.get("oneOf"), value, path) != 1) {
            out.add(path + ": does not match exactly one oneOf branch");
        }
        if (schema.has("allOf")) {
            for (JsonNode branch : schema.get("allOf")) {
                out.addAll(check(branch, value, path));
            }
        }
        return out;
    }

    private static void checkNumber(JsonNode schema, JsonNode value, String path, List<String> out) {
        BigDecimal number = value.decimalValue();
        if (schema.path("minimum").isNumber()
                && number.compareTo(schema.get("minimum").decimalValue()) < 0) {
            out.add(path + ": below minimum");
        }
        if (schema.path("maximum").isNumber()
                && number.compareTo(schema.get("maximum").decimalValue()) > 0) {
            out.add(path + ": above maximum");
        }
        if (schema.path("exclusiveMinimum").isNumber()
                && number.compareTo(schema.get("exclusiveMinimum").decimalValue()) <= 0) {
            out.add(path + ": not above exclusiveMinimum");
        }
        if (schema.path("exclusiveMaximum").isNumber()
                && number.compareTo(schema.get("exclusiveMaximum").decimalValue()) >= 0) {
            out.add(path + ": not below exclusiveMaximum");
        }
        if (schema.path("multipleOf").isNumber()
                && number.remainder(schema.get("multipleOf").decimalValue()).signum() != 0) {
            out.add(path + ": not a multiple of " + schema.get("multipleOf"));
        }
        // What a client reading the number as a double sees must hold too.
        double asDouble = value.doubleValue();
        if (!Double.isFinite(asDouble)) {
            out.add(path + ": not a finite double");
        }
    }

    private void checkArray(JsonNode schema, JsonNode value, String path, List<String> out) {
        if (schema.has("minItems") && value.size() < schema.get("minItems").asLong()) {
            out.add(path + ": fewer than minItems");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asLong()) {
            out.add(path + ": more than maxItems");
        }
        JsonNode prefix = schema.path("prefixItems");
        for (int i = 0; i < value.size(); i++) {
            JsonNode items = i < prefix.size() ? prefix.get(i) : schema.get("items");
            if (items != null) {
                out.addAll(check(items, value.get(i), path + "[" + i + "]"));
            }
        }
        if (schema.path("uniqueItems").asBoolean(false)) {
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode item : value) {
                if (!seen.add(item)) {
                    out.add(path + ": repeats the item " + item);
                }
            }
        }
    }

    private void checkObject(JsonNode schema, JsonNode value, String path, List<String> out) {
        JsonNode properties = schema.path("properties");
        for (JsonNode name : schema.path("required")) {
            if (!value.has(name.asText())) {
                out.add(path + ": misses required " + name.asText());
            }
        }
        if (schema.has("minProperties")
                && value.size() < schema.get("minProperties").asLong()) {
            out.add(path + ": fewer than minProperties");
        }
        if (schema.has("maxProperties")
                && value.size() > schema.get("maxProperties").asLong()) {
            out.add(path + ": more than maxProperties");
        }
        for (var field : value.properties()) {
            if (properties.has(field.getKey())) {
                out.addAll(check(properties.get(field.getKey()), field.getValue(), path + "." + field.getKey()));
            } else if (schema.has("additionalProperties")) {
                out.addAll(check(schema.get("additionalProperties"), field.getValue(), path + "." + field.getKey()));
            }
        }
    }

    private int count(JsonNode branches, JsonNode value, String path) {
        int matching = 0;
        for (JsonNode branch : branches) {
            if (check(branch, value, path).isEmpty()) {
                matching++;
            }
        }
        return matching;
    }

    private static boolean contains(JsonNode choices, JsonNode value) {
        for (JsonNode choice : choices) {
            if (choice.equals(value)
                    || choice.isNumber()
                            && value.isNumber()
                            && choice.decimalValue().compareTo(value.decimalValue()) == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" ->
                value.isIntegralNumber()
                        || value.isNumber()
                                && value.decimalValue().stripTrailingZeros().scale() <= 0;
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> false;
        };
    }
}
