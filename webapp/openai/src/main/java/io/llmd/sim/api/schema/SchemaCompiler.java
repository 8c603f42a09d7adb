package io.llmd.sim.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a JSON schema into a graph of {@link Shape}s: folds {@code $ref} and {@code allOf},
 * refuses what no value can satisfy (minItems above maxItems, an empty enum, ...) with the
 * place it is at, and closes a {@code $ref} cycle on the node being compiled. Bounded by the
 * schema's size and nesting, not by what its keywords ask for.
 */
final class SchemaCompiler {
    static final int MAX_NESTING = 128;
    static final int MAX_SHAPES = 100_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final SchemaDocument document;
    private final IdentityHashMap<JsonNode, Shape.Link> compiled = new IdentityHashMap<>();
    /** Schemas made up here (a branch with its siblings), known by their content. */
    private final Map<JsonNode, Shape.Link> madeUp = new HashMap<>();

    private final List<Shape> shapes = new ArrayList<>();

    SchemaCompiler(JsonNode root) {
        this.document = new SchemaDocument(root);
    }

    Shape compile() {
        return compile(document.root(), "#", 0, compiled);
    }

    /** Every shape compiled, for sizing. */
    List<Shape> shapes() {
        return shapes;
    }

    private Shape compile(JsonNode node, String where, int nesting, Map<JsonNode, Shape.Link> memo) {
        Shape.Link known = memo.get(node);
        if (known != null) {
            return known;
        }
        if (nesting > MAX_NESTING) {
            throw new SchemaException(where + ": the schema nests deeper than " + MAX_NESTING + " levels.");
        }
        Shape.Link link = add(new Shape.Link());
        memo.put(node, link);
        link.target = build(node, where, nesting);
        return link;
    }

    private <S extends Shape> S add(S shape) {
        if (shapes.size() >= MAX_SHAPES) {
            throw new SchemaException("#: the schema has more than " + MAX_SHAPES + " subschemas.");
        }
        shapes.add(shape);
        return shape;
    }

    private Shape build(JsonNode node, String where, int nesting) {
        if (node.isBoolean()) {
            return add(node.booleanValue() ? Shape.Text.any() : new Shape.Never());
        }
        if (!node.isObject()) {
            throw new SchemaException(where + ": a schema must be an object or a boolean.");
        }
        JsonNode schema = document.folded(node, where);
        if (schema.isBoolean()) {
            return add(new Shape.Never());
        }
        if (schema.has("const")) {
            return add(new Shape.Literal(List.of(schema.get("const").toString())));
        }
        if (schema.has("enum")) {
            return add(enumeration(schema, where));
        }
        for (String keyword : new String[] {"anyOf", "oneOf"}) {
            JsonNode branches = schema.get(keyword);
            if (branches != null && (!branches.isArray() || branches.isEmpty())) {
                throw new SchemaException(where + ": " + keyword + " must be a non-empty list of schemas.");
            }
            if (branches != null) {
                return add(choice(schema, keyword, where, nesting));
            }
        }
        List<String> types = SchemaKeywords.types(schema, where);
        if (types.size() == 1) {
            return typed(schema, types.get(0), where, nesting);
        }
        List<Shape> branches = new ArrayList<>();
        for (String type : types) {
            branches.add(typed(schema, type, where, nesting));
        }
        return add(branches.isEmpty() ? new Shape.Never() : new Shape.Choice(branches));
    }

    private Shape.Literal enumeration(JsonNode schema, String where) {
        JsonNode values = schema.get("enum");
        if (!values.isArray()) {
            throw new SchemaException(where + ": enum must be a list.");
        }
        if (values.isEmpty()) {
            throw new SchemaException(where + ": enum is empty, so no value satisfies it.");
        }
        List<String> types = schema.has("type") ? SchemaKeywords.types(schema, where) : null;
        List<String> texts = new ArrayList<>();
        for (JsonNode value : values) {
            if (types == null || types.stream().anyMatch(type -> SchemaKeywords.hasType(value, type))) {
                texts.add(value.toString());
            }
        }
        if (texts.isEmpty()) {
            throw new SchemaException(where + ": no value of enum has the type " + schema.get("type") + ".");
        }
        return new Shape.Literal(texts);
    }

    /** One branch per option; the keywords beside anyOf/oneOf hold in every branch. */
    private Shape.Choice choice(JsonNode schema, String keyword, String where, int nesting) {
        ObjectNode siblings = NODES.objectNode();
        schema.properties().forEach(field -> {
            if (!field.getKey().equals(keyword) && !SchemaDocument.ANNOTATIONS.contains(field.getKey())) {
                siblings.set(field.getKey(), field.getValue());
            }
        });
        List<Shape> branches = new ArrayList<>();
        JsonNode options = schema.get(keyword);
        for (int i = 0; i < options.size(); i++) {
            String at = where + "/" + keyword + "/" + i;
            branches.add(
                    siblings.isEmpty()
                            ? compile(options.get(i), at, nesting + 1, compiled)
                            : compile(
                                    NODES.objectNode()
                                            .set(
                                                    "allOf",
                                                    NODES.arrayNode()
                                                            .add(siblings)
                                                            .add(options.get(i))),
                                    at,
                                    nesting + 1,
                                    madeUp));
        }
        return new Shape.Choice(branches);
    }

    private Shape typed(JsonNode schema, String type, String where, int nesting) {
        return switch (type) {
            case "integer", "number" -> add(new Shape.Numeric(NumberRange.of(schema, type.equals("integer"), where)));
            case "boolean" -> add(new Shape.Literal(List.of("true", "false")));
            case "null" -> add(new Shape.Literal(List.of("null")));
            case "array" -> array(schema, where, nesting);
            case "object" -> object(schema, where, nesting);
            case "string" -> {
                long min = SchemaKeywords.count(schema, "minLength", 0, where);
                long max = SchemaKeywords.count(schema, "maxLength", Shape.INFINITE, where);
                if (min > max) {
                    throw new SchemaException(where + ": minLength " + min + " is greater than maxLength " + max + ".");
                }
                yield add(new Shape.Text(min, max, schema.path("format").asText("")));
            }
            default -> add(Shape.Text.any());
        };
    }

    private Shape array(JsonNode schema, String where, int nesting) {
        List<Shape> prefix = new ArrayList<>();
        JsonNode items = schema.get("items");
        JsonNode positional = schema.path("prefixItems").isArray()
                ? schema.get("prefixItems")
                : items != null && items.isArray() ? items : null;
        @SuppressWarnings("ReferenceEquality") // the very node under "items": an old-style tuple
        boolean tupleByItems = positional != null && positional == items;
        String positionalName = tupleByItems ? "/items/" : "/prefixItems/";
        JsonNode rest = positional == null ? items : tupleByItems ? schema.get("additionalItems") : items;
        if (positional != null) {
            for (int i = 0; i < positional.size(); i++) {
                prefix.add(compile(positional.get(i), where + positionalName + i, nesting + 1, compiled));
            }
        }
        Shape restShape = rest == null
                ? add(Shape.Text.any())
                : rest.isBoolean() && !rest.booleanValue()
                        ? add(new Shape.Never())
                        : compile(rest, where + "/items", nesting + 1, compiled);
        long min = SchemaKeywords.count(schema, "minItems", 0, where);
        long max = SchemaKeywords.count(schema, "maxItems", Shape.INFINITE, where);
        if (min > max) {
            throw new SchemaException(where + ": minItems " + min + " is greater than maxItems " + max + ".");
        }
        boolean unique = schema.path("uniqueItems").asBoolean(false);
        long fromRest = min - Math.min(min, prefix.size());
        BigInteger distinct = unique && fromRest > 0 ? SchemaKeywords.distinct(restShape, 0) : null;
        if (distinct != null && distinct.compareTo(BigInteger.valueOf(fromRest)) < 0) {
            throw new SchemaException(where + ": uniqueItems with minItems " + min + ", but its items allow only "
                    + distinct + " distinct values.");
        }
        return add(new Shape.ArrayOf(prefix, restShape, min, max, schema.has("minItems"), unique));
    }

    private Shape object(JsonNode schema, String where, int nesting) {
        Map<String, Shape> properties = new LinkedHashMap<>();
        JsonNode declared = schema.get("properties");
        if (declared != null && !declared.isObject()) {
            throw new SchemaException(where + ": properties must be an object.");
        }
        if (declared != null) {
            for (Map.Entry<String, JsonNode> property : declared.properties()) {
                String name = property.getKey();
                properties.put(
                        name,
                        compile(
                                property.getValue(),
                                where + "/properties/" + name.replace("~", "~0").replace("/", "~1"),
                                nesting + 1,
                                compiled));
            }
        }
        Set<String> required = new LinkedHashSet<>();
        JsonNode names = schema.get("required");
        if (names != null) {
            if (!names.isArray()) {
                throw new SchemaException(where + ": required must be a list of property names.");
            }
            for (JsonNode name : names) {
                if (!name.isTextual()) {
                    throw new SchemaException(where + ": required must be a list of property names.");
                }
                required.add(name.textValue());
            }
        }
        JsonNode extra = schema.get("additionalProperties");
        boolean forbidden = extra != null && extra.isBoolean() && !extra.booleanValue();
        Shape additional = forbidden
                ? add(new Shape.Never())
                : extra == null || extra.isBoolean()
                        ? add(Shape.Text.any())
                        : compile(extra, where + "/additionalProperties", nesting + 1, compiled);
        long min = SchemaKeywords.count(schema, "minProperties", 0, where);
        long max = SchemaKeywords.count(schema, "maxProperties", Shape.INFINITE, where);
        if (min > max) {
            throw new SchemaException(where + ": minProperties " + min + " is greater than maxProperties " + max + ".");
        }
        if (required.size() > max) {
            throw new SchemaException(where + ": " + required.size() + " required properties are more than "
                    + "maxProperties " + max + ".");
        }
        if (forbidden && !schema.path("patternProperties").isObject()) {
            Set<String> allowed = new HashSet<>(properties.keySet());
            for (String name : required) {
                if (!allowed.contains(name)) {
                    throw new SchemaException(where + ": the required property '" + name
                            + "' is not in properties, and additionalProperties is false.");
                }
            }
            if (allowed.size() < min) {
                throw new SchemaException(where + ": minProperties " + min + ", but additionalProperties is false and "
                        + "only " + allowed.size() + " properties are declared.");
            }
        }
        return add(new Shape.ObjectOf(properties, List.copyOf(required), additional, min, max));
    }
}
