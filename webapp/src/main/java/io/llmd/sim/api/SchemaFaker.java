package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.core.SeededRandom;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes up a JSON value that satisfies a JSON schema, as guided decoding would make the model
 * produce: types, {@code enum}/{@code const}, required and optional properties, nested objects,
 * arrays within {@code minItems}/{@code maxItems}, numbers within their bounds, strings within
 * their lengths, and the first workable branch of {@code anyOf}/{@code oneOf}. Every choice goes
 * through the seeded generator.
 */
final class SchemaFaker {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] WORDS = {"alpha", "bravo", "delta", "echo", "golf", "kilo", "lima", "oscar",
            "sierra", "tango"};
    private static final int MAX_DEPTH = 8;
    private final SeededRandom random;

    SchemaFaker(SeededRandom random) {
        this.random = random;
    }

    JsonNode value(JsonNode schema) {
        return value(schema, 0);
    }

    private JsonNode value(JsonNode schema, int depth) {
        if (schema == null || !schema.isObject()) {
            return NODES.textNode(word());
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        JsonNode choices = schema.get("enum");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            return choices.get(random.nextInt(choices.size()));
        }
        JsonNode all = schema.get("allOf");
        if (all != null && all.isArray() && !all.isEmpty()) {
            return value(merged(all), depth + 1);
        }
        for (String branch : new String[] {"anyOf", "oneOf"}) {
            JsonNode options = schema.get(branch);
            if (options != null && options.isArray() && !options.isEmpty()) {
                return value(firstNotNull(options), depth + 1);
            }
        }
        String type = type(schema);
        return switch (type) {
            case "object" -> depth >= MAX_DEPTH ? NODES.objectNode() : object(schema, depth);
            case "array" -> array(schema, depth);
            case "integer" -> NODES.numberNode(integer(schema));
            case "number" -> NODES.numberNode(number(schema));
            case "boolean" -> NODES.booleanNode(random.nextInt(2) == 1);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(schema));
        };
    }

    /** One schema with every branch's keywords: properties and required lists joined, the rest the last given. */
    private static ObjectNode merged(JsonNode branches) {
        ObjectNode out = NODES.objectNode();
        ObjectNode properties = NODES.objectNode();
        ArrayNode required = NODES.arrayNode();
        for (JsonNode branch : branches) {
            branch.fields().forEachRemaining(field -> {
                switch (field.getKey()) {
                    case "properties" -> properties.setAll((ObjectNode) field.getValue());
                    case "required" -> field.getValue().forEach(required::add);
                    default -> out.set(field.getKey(), field.getValue());
                }
            });
        }
        if (!properties.isEmpty()) {
            out.set("properties", properties);
        }
        if (!required.isEmpty()) {
            out.set("required", required);
        }
        return out;
    }

    private static JsonNode firstNotNull(JsonNode options) {
        for (JsonNode option : options) {
            if (!"null".equals(option.path("type").asText())) {
                return option;
            }
        }
        return options.get(0);
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type != null && type.isTextual()) {
            return type.textValue();
        }
        if (type != null && type.isArray()) {
            for (JsonNode option : type) {
                if (!"null".equals(option.asText())) {
                    return option.asText();
                }
            }
            return "null";
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "string";
    }

    private ObjectNode object(JsonNode schema, int depth) {
        ObjectNode out = NODES.objectNode();
        JsonNode properties = schema.path("properties");
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (var it = properties.fields(); it.hasNext(); ) {
            var property = it.next();
            if (required.contains(property.getKey()) || random.nextInt(2) == 1) {
                out.set(property.getKey(), value(property.getValue(), depth + 1));
            }
        }
        for (String name : required) {
            if (!out.has(name)) {
                out.put(name, word());
            }
        }
        return out;
    }

    private ArrayNode array(JsonNode schema, int depth) {
        int max = schema.has("maxItems") ? schema.path("maxItems").asInt() : Integer.MAX_VALUE;
        int min = Math.max(0, schema.has("minItems") ? schema.path("minItems").asInt() : Math.min(1, max));
        max = max == Integer.MAX_VALUE ? Math.max(min, 3) : max;
        int count = max <= min ? min : random.nextInt(min, max + 1);
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < count; i++) {
            out.add(value(schema.get("items"), depth + 1));
        }
        return out;
    }

    private long integer(JsonNode schema) {
        double[] range = range(schema, 1);
        long from = (long) Math.ceil(range[0]);
        long to = (long) Math.floor(range[1]);
        if (to <= from) {
            return from;
        }
        return from + random.nextInt((int) Math.min(to - from, Integer.MAX_VALUE - 1) + 1);
    }

    private double number(JsonNode schema) {
        double[] range = range(schema, 1e-6);
        if (range[1] <= range[0]) {
            return range[0];
        }
        double value = Math.round((range[0] + random.nextDouble() * (range[1] - range[0])) * 1000) / 1000.0;
        return Math.min(Math.max(value, range[0]), range[1]);
    }

    /**
     * The inclusive range a number may take: {@code minimum}/{@code maximum} as given, exclusive
     * bounds moved inward by {@code step}, a missing bound 100 away from the other (or +/-100).
     */
    private static double[] range(JsonNode schema, double step) {
        Double low = bound(schema, "minimum", "exclusiveMinimum", step);
        Double high = bound(schema, "maximum", "exclusiveMaximum", -step);
        double from = low != null ? low : high != null ? high - 100 : -100;
        double to = high != null ? high : from + 200;
        return new double[] {from, to};
    }

    private static Double bound(JsonNode schema, String inclusive, String exclusive, double step) {
        if (schema.path(exclusive).isNumber()) {
            return schema.get(exclusive).asDouble() + step;
        }
        return schema.path(inclusive).isNumber() ? schema.get(inclusive).asDouble() : null;
    }

    private String string(JsonNode schema) {
        String format = schema.path("format").asText("");
        String text = switch (format) {
            case "date" -> "2026-0" + random.nextInt(1, 10) + "-1" + random.nextInt(10);
            case "date-time" -> "2026-0" + random.nextInt(1, 10) + "-1" + random.nextInt(10) + "T12:00:00Z";
            case "email" -> word() + "@example.com";
            case "uri", "url" -> "https://example.com/" + word();
            case "uuid" -> random.hex(8) + "-" + random.hex(4) + "-4" + random.hex(3) + "-a" + random.hex(3) + "-"
                    + random.hex(12);
            default -> word() + (random.nextInt(2) == 1 ? " " + word() : "");
        };
        int min = schema.path("minLength").asInt(0);
        int max = schema.has("maxLength") ? schema.path("maxLength").asInt() : Integer.MAX_VALUE;
        StringBuilder out = new StringBuilder(text);
        while (out.length() < min) {
            out.append(' ').append(word());
        }
        return out.length() > max ? out.substring(0, Math.max(max, min)) : out.toString();
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
