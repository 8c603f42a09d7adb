package io.llmd.sim.api.schema;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The document a schema lives in: resolves local {@code $ref}s ({@code #}, {@code #/$defs/X},
 * {@code #/definitions/X}, any JSON pointer) and folds a node's {@code $ref} and {@code allOf}
 * into one schema with all their keywords.
 */
final class SchemaDocument {
    /** The most schemas one node may fold together. */
    static final int MAX_FOLDED = 256;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> LOWER_BOUNDS =
            Set.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties");
    private static final Set<String> UPPER_BOUNDS =
            Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties");
    /** Keywords that only describe or hold definitions, never constrain a value. */
    static final Set<String> ANNOTATIONS = Set.of(
            "$ref",
            "allOf",
            "$defs",
            "definitions",
            "$schema",
            "$id",
            "$anchor",
            "$comment",
            "title",
            "description",
            "default",
            "examples",
            "deprecated",
            "readOnly",
            "writeOnly");

    private final JsonNode root;

    SchemaDocument(JsonNode root) {
        this.root = root;
    }

    JsonNode root() {
        return root;
    }

    /** The node a local reference points at. */
    JsonNode resolve(String ref, String where) {
        if (!ref.startsWith("#")) {
            throw new SchemaException(where + ": $ref '" + ref + "' is not local; only references within the schema "
                    + "('#', '#/$defs/...', '#/definitions/...') are resolved.");
        }
        String pointer = URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
        if (!pointer.isEmpty() && !pointer.startsWith("/")) {
            throw new SchemaException(where + ": $ref '" + ref + "' is not a JSON pointer.");
        }
        JsonNode target;
        try {
            target = root.at(JsonPointer.compile(pointer));
        } catch (IllegalArgumentException e) {
            throw new SchemaException(where + ": $ref '" + ref + "' is not a JSON pointer.");
        }
        if (!target.isObject() && !target.isBoolean()) {
            throw new SchemaException(where + ": $ref '" + ref + "' points at no schema.");
        }
        return target;
    }

    /**
     * The node's keywords with those of every {@code $ref} and {@code allOf} branch it reaches,
     * as one schema: the node itself when it has neither, {@code false} when a part is
     * {@code false}. Lower bounds fold to the highest, upper bounds to the lowest, required
     * names and properties to their union (a property in two parts to the allOf of both),
     * types and enums to their intersection; any other keyword to the last part's.
     */
    JsonNode folded(JsonNode node, String where) {
        if (!node.isObject() || (!node.has("$ref") && !node.has("allOf"))) {
            return node;
        }
        List<JsonNode> parts = new ArrayList<>();
        collect(node, where, parts, identitySet(), identitySet());
        ObjectNode out = NODES.objectNode();
        for (JsonNode part : parts) {
            if (part.isBoolean()) {
                if (!part.booleanValue()) {
                    return BooleanNode.FALSE;
                }
                continue;
            }
            for (Map.Entry<String, JsonNode> field : part.properties()) {
                if (!ANNOTATIONS.contains(field.getKey())) {
                    merge(out, field.getKey(), field.getValue());
                }
            }
        }
        return out;
    }

    private void collect(JsonNode node, String where, List<JsonNode> parts, Set<JsonNode> seen, Set<JsonNode> open) {
        if (seen.contains(node)) {
            return;
        }
        if (open.contains(node)) {
            throw new SchemaException(where + ": $ref or allOf leads back to the same schema without nesting a value.");
        }
        if (!node.isObject() && !node.isBoolean()) {
            throw new SchemaException(where + ": a schema must be an object or a boolean, got " + node + ".");
        }
        if (parts.size() >= MAX_FOLDED) {
            throw new SchemaException(where + ": $ref and allOf fold more than " + MAX_FOLDED + " schemas together.");
        }
        parts.add(node);
        open.add(node);
        JsonNode ref = node.get("$ref");
        if (ref != null) {
            if (!ref.isTextual()) {
                throw new SchemaException(where + ": $ref must be a string.");
            }
            collect(resolve(ref.textValue(), where), where + "/$ref", parts, seen, open);
        }
        JsonNode all = node.get("allOf");
        if (all != null) {
            if (!all.isArray()) {
                throw new SchemaException(where + ": allOf must be a list of schemas.");
            }
            for (int i = 0; i < all.size(); i++) {
                collect(all.get(i), where + "/allOf/" + i, parts, seen, open);
            }
        }
        open.remove(node);
        seen.add(node);
    }

    private static void merge(ObjectNode out, String keyword, JsonNode value) {
        JsonNode present = out.get(keyword);
        if (present == null) {
            // properties are added to in place by later parts: copy the map (not the schemas in it)
            out.set(
                    keyword,
                    keyword.equals("properties") && value.isObject()
                            ? NODES.objectNode().setAll((ObjectNode) value)
                            : value);
        } else if (keyword.equals("properties") && present.isObject() && value.isObject()) {
            ObjectNode properties = (ObjectNode) present;
            for (Map.Entry<String, JsonNode> property : value.properties()) {
                JsonNode before = properties.get(property.getKey());
                properties.set(
                        property.getKey(),
                        before == null
                                ? property.getValue()
                                : NODES.objectNode()
                                        .set(
                                                "allOf",
                                                NODES.arrayNode().add(before).add(property.getValue())));
            }
        } else if (keyword.equals("required") && present.isArray() && value.isArray()) {
            Set<JsonNode> names = new LinkedHashSet<>();
            present.forEach(names::add);
            value.forEach(names::add);
            out.set(keyword, NODES.arrayNode().addAll(names));
        } else if (LOWER_BOUNDS.contains(keyword) && finite(present) && finite(value)) {
            out.set(keyword, present.decimalValue().compareTo(value.decimalValue()) >= 0 ? present : value);
        } else if (UPPER_BOUNDS.contains(keyword) && finite(present) && finite(value)) {
            out.set(keyword, present.decimalValue().compareTo(value.decimalValue()) <= 0 ? present : value);
        } else if (keyword.equals("type")) {
            out.set(keyword, commonTypes(present, value));
        } else if (keyword.equals("enum") && present.isArray() && value.isArray()) {
            ArrayNode common = NODES.arrayNode();
            for (JsonNode choice : present) {
                if (contains(value, choice)) {
                    common.add(choice);
                }
            }
            out.set(keyword, common);
        } else {
            out.set(keyword, value);
        }
    }

    /** A number that has an exact decimal value (an overflowed double such as 1e999 has none). */
    private static boolean finite(JsonNode value) {
        return value.isNumber() && (!value.isFloatingPointNumber() || Double.isFinite(value.doubleValue()));
    }

    /** The types both allow (an integer is a number); an empty list when none. */
    private static ArrayNode commonTypes(JsonNode one, JsonNode other) {
        ArrayNode common = NODES.arrayNode();
        for (String type : types(one)) {
            Set<String> others = types(other);
            if (others.contains(type)) {
                common.add(type);
            } else if ((type.equals("integer") && others.contains("number"))
                    || (type.equals("number") && others.contains("integer"))) {
                common.add("integer");
            }
        }
        return common;
    }

    private static Set<String> types(JsonNode type) {
        Set<String> out = new LinkedHashSet<>();
        if (type.isTextual()) {
            out.add(type.textValue());
        }
        type.forEach(option -> out.add(option.asText()));
        return out;
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode item : list) {
            if (item.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static Set<JsonNode> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
