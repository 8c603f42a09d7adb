package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.json;
import static io.llmd.sim.api.Fixtures.readTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StructuredOutputTest {
    private static final String SCHEMA = "{'type':'object','properties':{'name':{'type':'string','maxLength':5},"
            + "'score':{'type':'number','minimum':0,'maximum':1},'tags':{'type':'array','items':{'enum':['a','b']},"
            + "'minItems':1,'maxItems':2}},'required':['name','score','tags']}";

    private static JsonNode node(String singleQuoted) {
        return readTree(json(singleQuoted));
    }

    /** The JSON content a chat request with this format answers with; null for plain text. */
    private static String make(JsonNode format, SeededRandom random) {
        StructuredOutput output = StructuredOutput.of(format, 4096);
        return output == null ? null : output.answer(random, 4096).json();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'type':'text'}",
                "{'type':'json_object'}",
                "{'type':'json_schema','json_schema':{'name':'x','schema':{'type':'object'}}}",
                "null"
            })
    void acceptsTheFormatsVllmKnows(String format) {
        assertThatCode(() -> StructuredOutput.validate(node(format))).doesNotThrowAnyException();
        assertThatCode(() -> StructuredOutput.validate(null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{'type':'xml'}",
                "{'type':'JSON_OBJECT'}",
                "{'type':5}",
                "'json_object'",
                "[]",
                "{'type':'json_schema'}",
                "{'type':'json_schema','json_schema':{'name':'x'}}",
                "{'type':'json_schema','json_schema':{'schema':'object'}}",
                "{'type':'json_schema','json_schema':{'schema':[]}}"
            })
    void refusesAFormatItCannotHonour(String format) {
        assertThatThrownBy(() -> StructuredOutput.validate(node(format)))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("response_format");
                });
    }

    @Test
    void textFormatOrNoneAnswersWithPlainText() {
        assertThat(make(null, new SeededRandom(1))).isNull();
        assertThat(make(node("{'type':'text'}"), new SeededRandom(1))).isNull();
    }

    @Test
    void jsonObjectFormatAnswersWithAJsonObject() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(readTree(make(node("{'type':'json_object'}"), new SeededRandom(seed)))
                            .isObject())
                    .isTrue();
        }
    }

    @Test
    void jsonSchemaFormatAnswersWithJsonThatSatisfiesTheSchema() {
        JsonNode format =
                node("{'type':'json_schema','json_schema':{'name':'r','strict':true,'schema':" + SCHEMA + "}}");

        for (long seed = 0; seed < 100; seed++) {
            JsonNode answer = readTree(make(format, new SeededRandom(seed)));

            assertThat(io.llmd.sim.api.schema.SchemaCheck.violations(format.at("/json_schema/schema"), answer, "$"))
                    .as("answer %s", answer)
                    .isEmpty();
        }
    }
}
