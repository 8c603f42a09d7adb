package io.llmd.sim.api.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SeededRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Local {@code $ref}s ({@code $defs}, {@code definitions}, the root, any pointer) are followed, recursion ends. */
class SchemaRefTest {
    private static final int SEEDS = 100;
    private static final String NODE = "{'$defs':{'node':{'type':'object','properties':{'value':{'type':'integer'},"
            + "'next':{'anyOf':[{'$ref':'#/$defs/node'},{'type':'null'}]}},'required':['value','next']}},"
            + "'$ref':'#/$defs/node'}";

    private static JsonNode schema(String singleQuoted) {
        return Schemas.read(singleQuoted.replace('\'', '"'));
    }

    private static JsonNode fake(JsonNode schema, long seed) {
        JsonSchema.Answer answer = JsonSchema.compile(schema, 4096).answer(new SeededRandom(seed), 4096);
        assertThat(answer.cut()).as("answer %s", answer.json()).isFalse();
        return Schemas.read(answer.json());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'$defs':{'city':{'type':'string','enum':['Paris','Rome']}},'type':'object','properties':"
                        + "{'from':{'$ref':'#/$defs/city'},'to':{'$ref':'#/$defs/city'}},'required':['from','to']}",
                "{'definitions':{'n':{'type':'integer','minimum':5,'maximum':6}},'type':'array','items':"
                        + "{'$ref':'#/definitions/n'},'minItems':2}",
                "{'$defs':{'a/b':{'const':1},'c~d':{'const':2}},'type':'array','prefixItems':[{'$ref':'#/$defs/a~1b'},"
                        + "{'$ref':'#/$defs/c~0d'}],'minItems':2,'maxItems':2}",
                "{'$defs':{'base':{'type':'object','properties':{'id':{'type':'integer'}},'required':['id']}},"
                        + "'allOf':[{'$ref':'#/$defs/base'},{'properties':{'name':{'type':'string'}},'required':['name']}]}",
                "{'$defs':{'small':{'type':'integer','maximum':10}},'$ref':'#/$defs/small','minimum':8}",
                "{'type':'object','properties':{'tags':{'type':'array','items':{'$ref':'#/properties/tag'}},"
                        + "'tag':{'type':'string','maxLength':3}},'required':['tags']}",
                "{'type':'object','properties':{'child':{'$ref':'#'},'v':{'type':'boolean'}},'required':['v']}",
                "{'type':'object','properties':{'kids':{'type':'array','items':{'$ref':'#'},'maxItems':4}},"
                        + "'required':['kids']}",
                NODE
            })
    void followsLocalReferences(String text) {
        JsonNode schema = schema(text);

        for (long seed = 0; seed < SEEDS; seed++) {
            JsonNode value = fake(schema, seed);

            assertThat(SchemaCheck.violations(schema, value, "$"))
                    .as("seed %d, value %s", seed, value)
                    .isEmpty();
        }
    }

    @Test
    void aRecursiveSchemaRecursesWhileThereIsRoomThenTakesItsSmallestAlternative() {
        JsonNode schema = schema(NODE);
        JsonSchema compiled = JsonSchema.compile(schema, 4096);

        for (long seed = 0; seed < SEEDS; seed++) {
            assertThat(length(fake(schema, seed))).isBetween(2, 64);
            // Twenty tokens hold one node ({"value":-42,"next":null} is 14), not two.
            JsonSchema.Answer small = compiled.answer(new SeededRandom(seed), 20);
            assertThat(small.cut()).isFalse();
            assertThat(length(Schemas.read(small.json()))).isEqualTo(1);
        }
    }

    private static int length(JsonNode list) {
        int length = 0;
        for (JsonNode node = list; node.isObject(); node = node.get("next")) {
            length++;
        }
        return length;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'$ref':'#/$defs/missing'}",
                "{'$ref':'https://example.com/schema.json'}",
                "{'$ref':'other.json#/$defs/a'}",
                "{'$ref':'#anchor'}",
                "{'$ref':5}",
                "{'$defs':{'n':3},'$ref':'#/$defs/n'}",
                "{'$defs':{'a':{'$ref':'#/$defs/b'},'b':{'$ref':'#/$defs/a'}},'$ref':'#/$defs/a'}",
                "{'allOf':[{'$ref':'#'}]}",
                "{'$defs':{'node':{'type':'object','properties':{'next':{'$ref':'#/$defs/node'}},'required':['next']}},"
                        + "'$ref':'#/$defs/node'}"
            })
    void refusesAReferenceItCannotFollowOrThatNeverEnds(String text) {
        assertThatThrownBy(() -> JsonSchema.compile(schema(text), 4096))
                .isInstanceOf(SchemaException.class)
                .hasMessageStartingWith("#");
    }
}
