package io.llmd.sim.api.schema;

import static io.llmd.sim.api.schema.SchemaCheck.violations;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.core.SeededRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property tests: whatever the seed, a made-up value satisfies its schema, as {@link SchemaCheck}
 * reads it.
 */
class SchemaFakerTest {
    private static final int SEEDS = 200;
    private static final int CONTEXT = 4096;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Test JSON written with single quotes, for readability. */
    static JsonNode schema(String singleQuoted) {
        return Schemas.read(singleQuoted.replace('\'', '"'));
    }

    /** A value made up whole (not cut) from a schema, as a client reads it. */
    static JsonNode fake(JsonNode schema, long seed) {
        JsonSchema.Answer answer = JsonSchema.compile(schema, CONTEXT).answer(new SeededRandom(seed), CONTEXT);
        assertThat(answer.cut()).as("answer %s", answer.json()).isFalse();
        return Schemas.read(answer.json());
    }

    /** Hand-written schemas, one per keyword or combination the faker claims to honour. */
    @ParameterizedTest
    @ValueSource(
            strings = {
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
                        + "'city':{'type':'string'}},'required':['city','unit']}",
                "{'type':'integer','multipleOf':3,'minimum':10,'maximum':20}",
                "{'type':'number','multipleOf':0.25}",
                "{'type':'array','items':{'enum':['a','b','c']},'uniqueItems':true,'minItems':3}",
                "{'type':'array','items':{'type':'string','maxLength':6},'uniqueItems':true,'minItems':5}",
                "{'type':'array','items':{'type':'integer','minimum':1,'maximum':4},'uniqueItems':true,'minItems':4}",
                "{'type':'array','prefixItems':[{'type':'integer'},{'type':'string'}],'items':false}",
                "{'type':'array','prefixItems':[{'const':1}],'items':{'type':'boolean'},'minItems':3}",
                "{'type':'array','items':[{'type':'null'},{'type':'integer'}],'additionalItems':false,'minItems':2}",
                "{'type':'object','minProperties':3,'properties':{'a':{'type':'integer'}}}",
                "{'type':'object','minProperties':2,'maxProperties':2,'additionalProperties':{'type':'boolean'}}",
                "{'type':'object','properties':{'a':{},'b':{},'c':{}},'maxProperties':1}",
                "{'allOf':[{'type':'integer','minimum':0,'maximum':100},{'minimum':50},{'maximum':60}]}",
                "{'allOf':[{'type':'number'},{'type':['integer','null']}]}",
                "{'allOf':[{'enum':[1,2,3]},{'enum':[3,4]}]}",
                "{'type':'object','properties':{'a':{'type':'integer'},'b':{'type':'integer'}},"
                        + "'anyOf':[{'required':['a']},{'required':['b']}]}",
                "{'type':'string','anyOf':[{'maxLength':3},{'minLength':30}]}",
                "{'type':['array','object'],'minItems':2,'required':['x']}",
                "{'properties':{'x':false,'y':{'type':'integer'}},'required':['y']}",
                "{'anyOf':[{'type':'array','minItems':1000000},{'type':'integer'}]}"
            })
    void valuesSatisfyTheirSchemaWhateverTheSeed(String schemaText) {
        JsonNode schema = schema(schemaText);

        for (long seed = 0; seed < SEEDS; seed++) {
            JsonNode value = fake(schema, seed);

            assertThat(violations(schema, value, "$"))
                    .as("seed %d, value %s", seed, value)
                    .isEmpty();
        }
    }

    @Test
    void valuesSatisfyRandomlyBuiltSchemas() {
        Random schemas = new Random(20260101);
        for (int i = 0; i < 400; i++) {
            JsonNode schema = randomSchema(schemas, 3);
            for (long seed = 0; seed < 20; seed++) {
                JsonNode value = fake(schema, seed);

                assertThat(violations(schema, value, "$"))
                        .as("schema %s, seed %d, value %s", schema, seed, value)
                        .isEmpty();
            }
        }
    }

    @Test
    void sameSeedMakesTheSameValue() {
        JsonNode schema = schema(("{'type':'object','properties':{'a':{'type':'number'},'b':{'type':'array',"
                + "'items':{'type':'string'}},'c':{'type':'boolean'}}}"));

        for (long seed = 0; seed < 20; seed++) {
            assertThat(fake(schema, seed)).isEqualTo(fake(schema, seed));
        }
    }

    @Test
    void optionalPropertiesAreSometimesLeftOutAndSometimesGiven() {
        JsonNode schema = schema(("{'type':'object','properties':{'maybe':{'type':'integer'}}}"));
        Set<Boolean> seen = new HashSet<>();

        for (long seed = 0; seed < 50; seed++) {
            seen.add(fake(schema, seed).has("maybe"));
        }

        assertThat(seen).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void enumValuesAreAllReachable() {
        JsonNode schema = schema(("{'enum':['a','b','c']}"));
        Set<String> seen = new HashSet<>();

        for (long seed = 0; seed < 100; seed++) {
            seen.add(fake(schema, seed).asText());
        }

        assertThat(seen).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void anEmptySchemaOrTrueGivesAString() {
        assertThat(fake(schema("{}"), 1).isTextual()).isTrue();
        assertThat(fake(Schemas.read("true"), 1).isTextual()).isTrue();
    }

    @Test
    void maxItemsZeroGivesAnEmptyArray() {
        JsonNode schema = schema(("{'type':'array','maxItems':0}"));

        assertThat(fake(schema, 1)).isEmpty();
    }

    @Test
    void allOfSatisfiesEveryBranch() {
        JsonNode schema = schema(("{'allOf':[{'type':'object','properties':{'a':{'type':'integer'}},"
                + "'required':['a']},{'type':'object','properties':{'b':{'type':'integer'}},'required':['b']}]}"));

        for (long seed = 0; seed < SEEDS; seed++) {
            JsonNode value = fake(schema, seed);
            assertThat(violations(schema, value, "$")).as("value %s", value).isEmpty();
        }
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
            case 6 ->
                NODES.objectNode().set("const", enumSchema(random).get("enum").get(0));
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
            schema.put("maxItems", (hasMin ? min : 0) + random.nextInt(4));
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
