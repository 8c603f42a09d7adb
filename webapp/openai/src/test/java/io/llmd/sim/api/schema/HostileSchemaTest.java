package io.llmd.sim.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.Tokenizer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Schemas that ask for huge, impossible or endless values: each is refused, or answered within
 * its token budget, in a fraction of a second and a bounded amount of memory, whatever its
 * counts say. (Before, {@code "minItems": 2000000000} alone ran the heap out.)
 */
class HostileSchemaTest {
    private static final int CONTEXT = 4096;
    /** Generous: each case takes milliseconds; a regression takes minutes or the heap. */
    private static final Duration QUICK = Duration.ofSeconds(20);

    private static JsonNode schema(String singleQuoted) {
        return Schemas.read(singleQuoted.replace('\'', '"'));
    }

    private static String nested(int depth, String leaf, String arrayKeywords) {
        String schema = leaf;
        for (int i = 0; i < depth; i++) {
            schema = "{'type':'array'," + arrayKeywords + ",'items':" + schema + "}";
        }
        return schema;
    }

    /** What no answer within the context can satisfy, or no value at all: refused with the place at fault. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'type':'array','minItems':2000000000}",
                "{'type':'array','items':{'type':'integer'},'minItems':1e300}",
                "{'type':'string','minLength':2000000000}",
                "{'type':'object','minProperties':2000000000}",
                "{'type':'object','properties':{'a':{'type':'array','minItems':5000}},'required':['a']}",
                "{'type':'array','minItems':40,'items':{'type':'array','minItems':40,'items':{'type':'array','minItems':40,"
                        + "'items':{'type':'array','minItems':40,'items':{'type':'array','minItems':40,'items':"
                        + "{'type':'array','minItems':40}}}}}}",
                "{'type':'array','items':{'const':'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'},"
                        + "'minItems':3000}",
                "{'type':'object','properties':{'next':{'$ref':'#'}},'required':['next']}",
                "{'type':'object','properties':{'kids':{'type':'array','items':{'$ref':'#'},'minItems':2}},'required':['kids']}",
                "{'type':'array','minItems':3,'maxItems':2}",
                "{'type':'string','minLength':3,'maxLength':2}",
                "{'type':'integer','minimum':3,'maximum':2}",
                "{'type':'number','exclusiveMinimum':1,'exclusiveMaximum':1}",
                "{'type':'object','minProperties':3,'maxProperties':2}",
                "{'type':'object','required':['a','b','c'],'maxProperties':2}",
                "{'type':'object','required':['a'],'additionalProperties':false}",
                "{'type':'object','properties':{'a':{}},'minProperties':2,'additionalProperties':false}",
                "{'enum':[]}",
                "{'type':'string','enum':[1,2]}",
                "{'type':'array','items':{'type':'boolean'},'uniqueItems':true,'minItems':3}",
                "{'type':'array','items':{'enum':['a','b']},'uniqueItems':true,'minItems':3}",
                "{'type':'array','items':false,'minItems':1}",
                "{'anyOf':[]}",
                "{'type':'banana'}",
                "{'allOf':[{'type':'string'},{'type':'integer'}]}",
                "false"
            })
    void refusesWhatNoAnswerCanSatisfy(String text) {
        JsonNode schema = schema(text);

        assertTimeoutPreemptively(
                QUICK,
                () -> assertThatThrownBy(() -> JsonSchema.compile(schema, CONTEXT))
                        .isInstanceOf(SchemaException.class)
                        .hasMessageStartingWith("#"));
    }

    @Test
    void namesTheKeywordAndThePlaceAtFault() {
        assertThatThrownBy(() -> JsonSchema.compile(
                        schema("{'type':'object','properties':{'tags':{'type':'array',"
                                + "'minItems':5,'maxItems':2}}}"),
                        CONTEXT))
                .hasMessage("#/properties/tags: minItems 5 is greater than maxItems 2.");
        assertThatThrownBy(() -> JsonSchema.compile(schema("{'type':'array','minItems':2000000000}"), CONTEXT))
                .hasMessageContaining("more than the model's context of 4096 tokens");
    }

    /** What may be large but need not be: answered, within the budget, the value valid where it is whole. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'type':'array','maxItems':2000000000}",
                "{'type':'string','maxLength':2000000000}",
                "{'type':'object','maxProperties':2000000000}",
                "{'type':'array','maxItems':40,'items':{'type':'array','maxItems':40,'items':{'type':'array','maxItems':40,"
                        + "'items':{'type':'array','maxItems':40,'items':{'type':'array','maxItems':40,'items':"
                        + "{'type':'array','maxItems':40,'items':{'type':'integer'}}}}}}}",
                "{'type':'object','properties':{'next':{'$ref':'#'},'v':{'type':'integer'}}}",
                "{'type':'object','properties':{'kids':{'type':'array','items':{'$ref':'#'}}},'required':['kids']}",
                "{'type':'string','pattern':'(a{1000000000}){1000000000}'}",
                "{'type':'array','items':{'type':'integer','minimum':0,'maximum':1000},'uniqueItems':true,'minItems':100}"
            })
    void answersWhatMayBeLargeWithinItsBudget(String text) {
        JsonNode schema = schema(text);

        assertTimeoutPreemptively(QUICK, () -> {
            for (long seed = 0; seed < 50; seed++) {
                JsonSchema.Answer answer = JsonSchema.compile(schema, CONTEXT).answer(new SeededRandom(seed), CONTEXT);
                assertThat(Tokenizer.count(answer.json())).isLessThanOrEqualTo(CONTEXT + 1);
                if (!answer.cut()) {
                    assertThat(SchemaCheck.violations(schema, Schemas.read(answer.json()), "$"))
                            .isEmpty();
                }
            }
        });
    }

    @Test
    void aValueLongerThanTheBudgetIsCutJustPastIt() {
        JsonNode schema = schema("{'type':'array','items':{'type':'string','minLength':20},'minItems':100}");

        JsonSchema.Answer answer = JsonSchema.compile(schema, CONTEXT).answer(new SeededRandom(1), 50);

        assertThat(answer.cut()).isTrue();
        assertThat(Tokenizer.count(answer.json())).isEqualTo(51);
        assertThat(answer.json()).startsWith("[\"");
    }

    @Test
    void aLongStringIsCutWordByWordNotBuiltWhole() {
        JsonNode schema = schema("{'type':'string','minLength':1000000}");

        JsonSchema.Answer answer = JsonSchema.compile(schema, 1_000_000).answer(new SeededRandom(1), 100);

        assertThat(answer.cut()).isTrue();
        assertThat(answer.json().length()).isLessThan(1000);
    }

    @Test
    void repeatedLargeLiteralsAreBoundedInCharactersToo() {
        String big = "x".repeat(50_000);
        JsonNode schema = schema("{'type':'array','items':{'const':'" + big + "'},'minItems':2}");

        JsonSchema.Answer answer = JsonSchema.compile(schema, 100_000).answer(new SeededRandom(1), 10);

        // Each copy is three tokens, well within the budget: the character cap stops the second.
        assertThat(answer.cut()).isTrue();
        assertThat(Tokenizer.count(answer.json())).isLessThan(10);
        assertThat(answer.json().length()).isLessThan(2 * big.length() + 10);
    }

    @Test
    void aVeryLargeOrDeepSchemaIsRefusedNotWalkedForever() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            deep.append("{'type':'object','properties':{'a':");
        }
        deep.append("{}").append("}}".repeat(200));
        assertThatThrownBy(() -> JsonSchema.compile(schema(deep.toString()), CONTEXT))
                .hasMessageContaining("nests deeper than");

        StringBuilder requiredChain = new StringBuilder("{'$defs':{");
        for (int i = 0; i < 100; i++) {
            requiredChain
                    .append("'d")
                    .append(i)
                    .append("':{'type':'object','properties':{'a':{'$ref':'#/$defs/d")
                    .append(i + 1)
                    .append("'}},'required':['a']},");
        }
        requiredChain.append("'d100':{'type':'integer'}},'$ref':'#/$defs/d0'}");
        assertThatThrownBy(() -> JsonSchema.compile(schema(requiredChain.toString()), 1_000_000))
                .hasMessageContaining("nests 100 levels deep");
    }

    @Test
    void exponentialReferencesAreSizedWithoutBeingExpanded() {
        StringBuilder doubling = new StringBuilder("{'$defs':{");
        StringBuilder folding = new StringBuilder("{'$defs':{");
        for (int i = 0; i < 60; i++) {
            doubling.append("'d")
                    .append(i)
                    .append("':{'type':'array','minItems':2,'items':{'$ref':'#/$defs/d")
                    .append(i + 1)
                    .append("'}},");
            folding.append("'d")
                    .append(i)
                    .append("':{'allOf':[{'$ref':'#/$defs/d")
                    .append(i + 1)
                    .append("'},{'$ref':'#/$defs/d")
                    .append(i + 1)
                    .append("'}]},");
        }
        doubling.append("'d60':{'type':'integer'}},'$ref':'#/$defs/d0'}");
        folding.append("'d60':{'type':'integer','minimum':1,'maximum':9}},'$ref':'#/$defs/d0'}");

        assertTimeoutPreemptively(QUICK, () -> {
            assertThatThrownBy(() -> JsonSchema.compile(schema(doubling.toString()), CONTEXT))
                    .hasMessageContaining("more than the model's context");
            String answer = JsonSchema.compile(schema(folding.toString()), CONTEXT)
                    .answer(new SeededRandom(1), CONTEXT)
                    .json();
            assertThat(Integer.parseInt(answer)).isBetween(1, 9);
        });
    }

    @Test
    void manyPropertiesAreAnsweredWithinTheBudget() {
        StringBuilder properties = new StringBuilder("{'type':'object','properties':{");
        for (int i = 0; i < 20_000; i++) {
            properties.append(i == 0 ? "" : ",").append("'p").append(i).append("':{'type':'string'}");
        }
        JsonNode schema = schema(properties.append("}}").toString());

        assertTimeoutPreemptively(QUICK, () -> {
            JsonSchema.Answer answer = JsonSchema.compile(schema, CONTEXT).answer(new SeededRandom(1), 200);
            assertThat(Tokenizer.count(answer.json())).isBetween(1, 201);
        });
    }

    /**
     * Random schemas of every keyword with odd values (negative, fractional, huge, overflowing,
     * of the wrong JSON type, self-references): each is answered or refused with a
     * SchemaException, never anything else (which a client would see as a 500).
     */
    @Test
    void oddKeywordValuesAreAnsweredOrRefusedNeverThrownOtherwise() {
        java.util.Random random = new java.util.Random(20260110);
        assertTimeoutPreemptively(QUICK, () -> {
            for (int i = 0; i < 3000; i++) {
                String text = oddSchema(random, 3);
                JsonNode schema = Schemas.read(text);
                try {
                    JsonSchema.Answer answer = JsonSchema.compile(schema, 300).answer(new SeededRandom(i), 300);
                    assertThat(Tokenizer.count(answer.json())).as(text).isLessThanOrEqualTo(301 + 40);
                } catch (SchemaException refused) {
                    assertThat(refused.getMessage()).as(text).startsWith("#");
                }
            }
        });
    }

    private static final String[] KEYWORDS = {
        "type",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "required",
        "enum",
        "const",
        "format",
        "pattern",
        "items",
        "prefixItems",
        "additionalItems",
        "properties",
        "additionalProperties",
        "anyOf",
        "oneOf",
        "allOf",
        "$ref",
        "$defs"
    };
    private static final String[] ODD_VALUES = {
        "0",
        "-1",
        "1",
        "2",
        "2.5",
        "1e300",
        "-1e300",
        "1e999",
        "-1e999",
        "1e-400",
        "9223372036854775808",
        "123456789012345678901234567890",
        "\"x\"",
        "true",
        "false",
        "null",
        "[]",
        "{}",
        "[1,2,2]",
        "[\"a\",\"b\"]",
        "\"#\"",
        "\"#/$defs/a\"",
        "\"#/properties\"",
        "\"#/nope\"",
        "\"integer\"",
        "\"number\"",
        "\"string\"",
        "\"array\"",
        "\"object\"",
        "[\"null\",\"integer\"]",
        "\"date-time\"",
        "\"uuid\""
    };

    private static String oddSchema(java.util.Random random, int depth) {
        if (depth == 0 || random.nextInt(4) == 0) {
            return random.nextInt(5) == 0 ? String.valueOf(random.nextBoolean()) : "{}";
        }
        StringBuilder out = new StringBuilder("{");
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            String keyword = KEYWORDS[random.nextInt(KEYWORDS.length)];
            String value = switch (keyword) {
                case "items", "additionalItems", "additionalProperties" ->
                    random.nextBoolean() ? oddSchema(random, depth - 1) : ODD_VALUES[random.nextInt(ODD_VALUES.length)];
                case "prefixItems", "anyOf", "oneOf", "allOf" ->
                    "[" + oddSchema(random, depth - 1) + "," + oddSchema(random, depth - 1) + "]";
                case "properties", "$defs" ->
                    "{\"a\":" + oddSchema(random, depth - 1) + ",\"b\":" + oddSchema(random, depth - 1) + "}";
                default -> ODD_VALUES[random.nextInt(ODD_VALUES.length)];
            };
            out.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(keyword)
                    .append("\":")
                    .append(value);
        }
        return out.append('}').toString();
    }
}
