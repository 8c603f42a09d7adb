package io.llmd.sim.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Reads single keywords of a schema: its types (given or implied), counts, and how many values a shape allows. */
final class SchemaKeywords {
    private static final Set<String> TYPES =
            Set.of("string", "integer", "number", "boolean", "null", "object", "array");
    private static final List<String> OBJECT_KEYWORDS = List.of(
            "properties", "required", "additionalProperties", "minProperties", "maxProperties", "patternProperties");
    private static final List<String> ARRAY_KEYWORDS =
            List.of("items", "prefixItems", "additionalItems", "minItems", "maxItems", "uniqueItems");
    private static final List<String> NUMBER_KEYWORDS =
            List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf");
    private static final List<String> STRING_KEYWORDS = List.of("minLength", "maxLength", "format", "pattern");
    /** Counts beyond this are as good as infinite, and stay far from overflowing a long. */
    private static final long HUGE = 1L << 60;

    private SchemaKeywords() {}

    static List<String> types(JsonNode schema, String where) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return List.of(inferred(schema));
        }
        Set<String> out = new LinkedHashSet<>();
        if (type.isTextual()) {
            out.add(type.textValue());
        } else if (type.isArray()) {
            type.forEach(option -> out.add(option.isTextual() ? option.textValue() : option.toString()));
        } else {
            throw new SchemaException(where + ": type must be a string or a list of strings.");
        }
        for (String name : out) {
            if (!TYPES.contains(name)) {
                throw new SchemaException(where + ": unknown type '" + name + "'.");
            }
        }
        return List.copyOf(out);
    }

    /** The type a schema without one means by its keywords; "any" when they say nothing. */
    static String inferred(JsonNode schema) {
        for (var kind : List.of(
                Map.entry("object", OBJECT_KEYWORDS),
                Map.entry("array", ARRAY_KEYWORDS),
                Map.entry("number", NUMBER_KEYWORDS),
                Map.entry("string", STRING_KEYWORDS))) {
            for (String keyword : kind.getValue()) {
                if (schema.has(keyword)) {
                    return kind.getKey();
                }
            }
        }
        return "any";
    }

    /** How many distinct values a shape allows, or null when they are too many to count. */
    static @Nullable BigInteger distinct(@Nullable Shape shape, int depth) {
        if (depth > 8 || shape == null) {
            return null;
        }
        return switch (shape) {
            case Shape.Link link -> distinct(link.target, depth + 1);
            case Shape.Literal literal -> BigInteger.valueOf(new HashSet<>(literal.texts).size());
            case Shape.Numeric numeric -> numeric.range.count();
            case Shape.Text text -> text.maxLength == 0 ? BigInteger.ONE : null;
            case Shape.Never never -> BigInteger.ZERO;
            case Shape.Choice choice -> {
                BigInteger sum = BigInteger.ZERO;
                for (Shape branch : choice.branches) {
                    BigInteger count = distinct(branch, depth + 1);
                    if (count == null) {
                        yield null;
                    }
                    sum = sum.add(count);
                }
                yield sum;
            }
            case Shape.ArrayOf array -> array.maxItems == 0 ? BigInteger.ONE : null;
            case Shape.ObjectOf object -> null;
        };
    }

    /** A count keyword (minItems, maxLength, ...): a non-negative integer; absent or not a number is {@code absent}. */
    static long count(JsonNode schema, String keyword, long absent, String where) {
        JsonNode value = schema.get(keyword);
        if (value == null || !value.isNumber()) {
            return absent;
        }
        boolean infinite = value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue());
        if (infinite || value.decimalValue().signum() < 0) {
            throw new SchemaException(where + ": " + keyword + " must be a non-negative integer, got " + value + ".");
        }
        BigDecimal decimal = value.decimalValue();
        if (decimal.compareTo(BigDecimal.valueOf(HUGE)) > 0) {
            return HUGE;
        }
        RoundingMode inward = keyword.startsWith("min") ? RoundingMode.CEILING : RoundingMode.FLOOR;
        return decimal.setScale(0, inward).longValueExact();
    }

    static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" ->
                value.isIntegralNumber()
                        || (value.isNumber()
                                && Double.isFinite(value.doubleValue())
                                && value.doubleValue() == Math.rint(value.doubleValue()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> true;
        };
    }
}
