package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.core.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static io.llmd.sim.api.Fixtures.json;
import static io.llmd.sim.api.Fixtures.readTree;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property tests: whatever the seed, a made-up value satisfies its schema. A small checker below
 * reads the keywords the faker supports.
 */
class SchemaFakerTest {
    private static final int SEEDS = 200;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Hand-written schemas, one per keyword or combination the faker claims to honour. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{'type':'string'}",
            "{'type':'string','minLength':12}",
            "{'type':'string','maxLength':3}",
            "{'type':'string','minLength':4,'maxLength':4}",
            "{'type':'string','format':'email'}",
            "{'type':'string','format':'uuid','minLength':36,'maxLength':36}",
            "{'type':'string','format':'date-time'}",
            "{'type':'integer'}",
            "{'type':'integer','minimum':5}",
            "{'type':'integer','maximum':-5}",
            "{'type':'integer','minimum':3,'maximum':3}",
            "{'type':'integer','minimum':0,'maximum':1000000000000}",
            "{'type':'integer','exclusiveMinimum':0,'exclusiveMaximum':3}",
            "{'type':'integer','minimum':0.5,'maximum':2.5}",
            "{'type':'number'}",
            "{'type':'number','minimum':0,'maximum':1}",
            "{'type':'number','exclusiveMinimum':0,'exclusiveMaximum':0.01}",
            "{'type':'number','exclusiveMinimum':-1.5}",
            "{'type':'boolean'}",
            "{'type':'null'}",
            "{'type':['string','null']}",
            "{'type':['null','integer']}",
            "{'enum':['red','green',3,null]}",
            "{'type':'string','enum':['a','b']}",
            "{'const':{'nested':[1,2]}}",
            "{'type':'array','items':{'type':'integer','minimum':1,'maximum':6}}",
            "{'type':'array','items':{'type':'string'},'minItems':2,'maxItems':2}",
            "{'type':'array','items':{'type':'boolean'},'minItems':0,'maxItems':1}",
            "{'type':'array','minItems':5}",
            "{'type':'array','maxItems':1}",
            "{'items':{'type':'number'}}",
            "{'type':'object'}",
            "{'properties':{'a':{'type':'integer'}},'required':['a']}",
            "{'type':'object','properties':{'name':{'type':'string','minLength':1},'age':{'type':'integer',"
                    + "'minimum':0,'maximum':150},'email':{'type':'string','format':'email'}},"
                    + "'required':['name','age'],'additionalProperties':false}",
            "{'type':'object','properties':{'a':{'type':'object','properties':{'b':{'type':'object','properties':"
                    + "{'c':{'type':'array','items':{'type':'object','properties':{'d':{'enum':[1,2]}},"
                    + "'required':['d']},'minItems':1}},'required':['c']}},'required':['b']}},'required':['a']}",
            "{'anyOf':[{'type':'integer','minimum':10},{'type':'string'}]}",
            "{'anyOf':[{'type':'null'},{'type':'object','properties':{'x':{'type':'boolean'}},'required':['x']}]}",
            "{'oneOf':[{'type':'string','maxLength':2},{'type':'array','items':{'type':'null'}}]}",
            "{'type':'object','properties':{'v':{'oneOf':[{'type':'null'},{'type':'number','minimum':1}]}},"
                    + "'required':['v']}",
            "{'type':'object','properties':{'unit':{'type':'string','enum':['celsius','fahrenheit']},"
                    + "'city':{'type':'string'}},'required':['city','unit']}"})
    void valuesSatisfyTheirSchemaWhateverTheSeed(String schemaText) {
        JsonNode schema = readTree(json(schemaText));

        for (long seed = 0; seed < SEEDS; seed++) {
            JsonNode value = roundTrip(new SchemaFaker(new SeededRandom(seed)).value(schema));

            assertThat(violations(schema, value, "$")).as("seed %d, value %s", seed, value).isEmpty();
        }
    }

    @Test
    void valuesSatisfyRandomlyBuiltSchemas() {
        Random schemas = new Random(20260101);
        for (int i = 0; i < 400; i++) {
            JsonNode schema = randomSchema(schemas, 3);
            for (long seed = 0; seed < 20; seed++) {
                JsonNode value = roundTrip(new SchemaFaker(new SeededRandom(seed)).value(schema));

                assertThat(violations(schema, value, "$")).as("schema %s, seed %d, value %s", schema, seed, value)
                        .isEmpty();
            }
        }
    }

    @Test
    void sameSeedMakesTheSameValue() {
        JsonNode schema = readTree(json("{'type':'object','properties':{'a':{'type':'number'},'b':{'type':'array',"
                + "'items':{'type':'string'}},'c':{'type':'boolean'}}}"));

        for (long seed = 0; seed < 20; seed++) {
            assertThat(new SchemaFaker(new SeededRandom(seed)).value(schema))
                    .isEqualTo(new SchemaFaker(new SeededRandom(seed)).value(schema));
        }
    }

    @Test
    void optionalPropertiesAreSometimesLeftOutAndSometimesGiven() {
        JsonNode schema = readTree(json("{'type':'object','properties':{'maybe':{'type':'integer'}}}"));
        Set<Boolean> seen = new HashSet<>();

        for (long seed = 0; seed < 50; seed++) {
            seen.add(new SchemaFaker(new SeededRandom(seed)).value(schema).has("maybe"));
        }

        assertThat(seen).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void enumValuesAreAllReachable() {
        JsonNode schema = readTree(json("{'enum':['a','b','c']}"));
        Set<String> seen = new HashSet<>();

        for (long seed = 0; seed < 100; seed++) {
            seen.add(new SchemaFaker(new SeededRandom(seed)).value(schema).asText());
        }

        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void aMissingSchemaGivesAString() {
        assertThat(new SchemaFaker(new SeededRandom(1)).value(null).isTextual()).isTrue();
    }

    @Test
    void maxItemsZeroGivesAnEmptyArray() {
        JsonNode schema = readTree(json("{'type':'array','maxItems':0}"));

        assertThat(new SchemaFaker(new SeededRandom(1)).value(schema)).isEmpty();
    }

    @Test
    void allOfSatisfiesEveryBranch() {
        JsonNode schema = readTree(json("{'allOf':[{'type':'object','properties':{'a':{'type':'integer'}},"
                + "'required':['a']},{'type':'object','properties':{'b':{'type':'integer'}},'required':['b']}]}"));

        for (long seed = 0; seed < SEEDS; seed++) {
            JsonNode value = new SchemaFaker(new SeededRandom(seed)).value(schema);
            assertThat(violations(schema, value, "$")).as("value %s", value).isEmpty();
        }
    }

    /** The value as a client reads it: written as JSON text and parsed back. */
    private static JsonNode roundTrip(JsonNode value) {
        try {
            return Json.mapper().readTree(value.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- a checker for the keywords the faker supports ----

    /** What is wrong with {@code value} under {@code schema}; empty when it satisfies it. */
    static List<String> violations(JsonNode schema, JsonNode value, String path) {
        List<String> out = new ArrayList<>();
        if (schema == null || !schema.isObject()) {
            return out;
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
            double number = value.asDouble();
            if (schema.path("minimum").isNumber() && number < schema.get("minimum").asDouble()) {
                out.add(path + ": below minimum");
            }
            if (schema.path("maximum").isNumber() && number > schema.get("maximum").asDouble()) {
                out.add(path + ": above maximum");
            }
            if (schema.path("exclusiveMinimum").isNumber() && number <= schema.get("exclusiveMinimum").asDouble()) {
                out.add(path + ": not above exclusiveMinimum");
            }
            if (schema.path("exclusiveMaximum").isNumber() && number >= schema.get("exclusiveMaximum").asDouble()) {
                out.add(path + ": not below exclusiveMaximum");
            }
        }
        if (value.isTextual()) {
            int length = value.textValue().codePointCount(0, value.textValue().length());
            if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
                out.add(path + ": shorter than minLength");
            }
            if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
                out.add(path + ": longer than maxLength");
            }
        }
        if (value.isArray()) {
            if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
                out.add(path + ": fewer than minItems");
            }
            if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
                out.add(path + ": more than maxItems");
            }
            if (schema.has("items")) {
                for (int i = 0; i < value.size(); i++) {
                    out.addAll(violations(schema.get("items"), value.get(i), path + "[" + i + "]"));
                }
            }
        }
        if (value.isObject()) {
            JsonNode properties = schema.path("properties");
            for (JsonNode name : schema.path("required")) {
                if (!value.has(name.asText())) {
                    out.add(path + ": misses required " + name.asText());
                }
            }
            for (var it = value.fields(); it.hasNext(); ) {
                var field = it.next();
                if (properties.has(field.getKey())) {
                    out.addAll(violations(properties.get(field.getKey()), field.getValue(), path + "." + field.getKey()));
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").booleanValue()) {
                    out.add(path + ": has additional property " + field.getKey());
                }
            }
        }
        if (schema.has("anyOf") && count(schema.get("anyOf"), value, path) == 0) {
            out.add(path + ": matches no anyOf branch");
        }
        if (schema.has("oneOf") && count(schema.get("oneOf"), value, path) != 1) {
            out.add(path + ": does not match exactly one oneOf branch");
        }
        if (schema.has("allOf")) {
            for (JsonNode branch : schema.get("allOf")) {
                out.addAll(violations(branch, value, path));
            }
        }
        return out;
    }

    private static int count(JsonNode branches, JsonNode value, String path) {
        int matching = 0;
        for (JsonNode branch : branches) {
            if (violations(branch, value, path).isEmpty()) {
                matching++;
            }
        }
        return matching;
    }

    private static boolean contains(JsonNode choices, JsonNode value) {
        for (JsonNode choice : choices) {
            if (choice.equals(value) || choice.isNumber() && value.isNumber() && choice.asDouble() == value.asDouble()) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || value.isNumber() && value.asDouble() == Math.rint(value.asDouble());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> false;
        };
    }

    // ---- random satisfiable schemas ----

    private static final String[] LEAF_TYPES = {"string", "integer", "number", "boolean", "null"};

    /** A random schema that some value satisfies, using only the keywords the faker supports. */
    private static JsonNode randomSchema(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 12 : 7);
        return switch (kind) {
            case 0 -> stringSchema(random);
            case 1 -> numberSchema(random, "integer");
            case 2 -> numberSchema(random, "number");
            case 3 -> type(random.nextBoolean() ? "boolean" : "null");
            case 4 -> enumSchema(random);
            case 5 -> nullable(random);
            case 6 -> NODES.objectNode().set("const", enumSchema(random).get("enum").get(0));
            case 7, 8 -> objectSchema(random, depth);
            case 9, 10 -> arraySchema(random, depth);
            default -> branches(random, depth);
        };
    }

    private static ObjectNode type(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static ObjectNode stringSchema(Random random) {
        ObjectNode schema = type("string");
        int min = random.nextInt(25);
        if (random.nextBoolean()) {
            schema.put("minLength", min);
        } else {
            min = 0;
        }
        if (random.nextBoolean()) {
            schema.put("maxLength", min + random.nextInt(30));
        }
        return schema;
    }

    private static ObjectNode numberSchema(Random random, String type) {
        ObjectNode schema = type(type);
        double low = random.nextInt(400) - 200 + (random.nextInt(3) == 0 ? 0.5 : 0);
        double high = low + 3 + random.nextInt(300);
        if (random.nextInt(3) > 0) {
            schema.put(random.nextBoolean() ? "minimum" : "exclusiveMinimum", low);
        }
        if (random.nextInt(3) > 0) {
            schema.put(random.nextBoolean() ? "maximum" : "exclusiveMaximum", high);
        }
        return schema;
    }

    private static ObjectNode enumSchema(Random random) {
        ArrayNode values = NODES.arrayNode();
        int size = 1 + random.nextInt(4);
        for (int i = 0; i < size; i++) {
            switch (random.nextInt(3)) {
                case 0 -> values.add("v" + random.nextInt(100));
                case 1 -> values.add(random.nextInt(100));
                default -> values.add(random.nextBoolean());
            }
        }
        ObjectNode schema = NODES.objectNode();
        schema.set("enum", values);
        return schema;
    }

    private static ObjectNode nullable(Random random) {
        ObjectNode schema = NODES.objectNode();
        ArrayNode types = schema.putArray("type");
        String leaf = LEAF_TYPES[random.nextInt(LEAF_TYPES.length - 1)];
        if (random.nextBoolean()) {
            types.add(leaf).add("null");
        } else {
            types.add("null").add(leaf);
        }
        return schema;
    }

    private static ObjectNode objectSchema(Random random, int depth) {
        ObjectNode schema = random.nextInt(4) == 0 ? NODES.objectNode() : type("object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        int count = random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String name = "p" + i;
            properties.set(name, randomSchema(random, depth - 1));
            if (random.nextBoolean()) {
                required.add(name);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        if (random.nextBoolean()) {
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    private static ObjectNode arraySchema(Random random, int depth) {
        ObjectNode schema = random.nextInt(4) == 0 ? NODES.objectNode() : type("array");
        schema.set("items", randomSchema(random, depth - 1));
        int min = random.nextInt(4);
        boolean hasMin = random.nextBoolean();
        if (hasMin) {
            schema.put("minItems", min);
        }
        if (random.nextBoolean()) {
            // maxItems below the faker's default of one item is a known bug (see the disabled test)
            schema.put("maxItems", Math.max(hasMin ? min : 1, 1) + random.nextInt(4));
        }
        return schema;
    }

    /** anyOf over any branches, or oneOf over branches of different types (so that exactly one matches). */
    private static ObjectNode branches(Random random, int depth) {
        ObjectNode schema = NODES.objectNode();
        if (random.nextBoolean()) {
            ArrayNode anyOf = schema.putArray("anyOf");
            int count = 1 + random.nextInt(3);
            for (int i = 0; i < count; i++) {
                anyOf.add(randomSchema(random, depth - 1));
            }
        } else {
            ArrayNode oneOf = schema.putArray("oneOf");
            List<String> types = new ArrayList<>(List.of("string", "boolean", "null", "integer"));
            java.util.Collections.shuffle(types, random);
            oneOf.add(typed(random, types.get(0)));
            oneOf.add(typed(random, types.get(1)));
        }
        return schema;
    }

    private static ObjectNode typed(Random random, String type) {
        return switch (type) {
            case "string" -> stringSchema(random);
            case "integer" -> numberSchema(random, "integer");
            default -> type(type);
        };
    }
}
