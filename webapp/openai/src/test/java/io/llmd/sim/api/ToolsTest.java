package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.json;
import static io.llmd.sim.api.Fixtures.readTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.ToolCall;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ToolsTest {
    private static final String WEATHER = "{'type':'function','function':{'name':'get_weather','description':'d',"
            + "'parameters':{'type':'object','properties':{'city':{'type':'string'},'days':{'type':'integer',"
            + "'minimum':1,'maximum':7}},'required':['city','days']}}}";
    private static final String TIME = "{'type':'function','function':{'name':'get_time','parameters':{'type':'object',"
            + "'properties':{'zone':{'enum':['UTC','CET']}},'required':['zone']}}}";
    private static final JsonNode TOOLS = node("[" + WEATHER + "," + TIME + "]");

    private static JsonNode node(String singleQuoted) {
        return readTree(json(singleQuoted));
    }

    /** The call the model makes, as a chat request with these tools asks for it. */
    private static ToolCall decide(JsonNode tools, JsonNode toolChoice, SeededRandom random) {
        Tools callable = Tools.of(tools, toolChoice, 4096, io.llmd.sim.core.ToolCallOptions.DEFAULTS);
        if (callable == null) {
            return null;
        }
        GenerationRequest.StructuredAnswer answer = callable.decide(random, 4096, true);
        return answer == null ? null : answer.toolCall();
    }

    private static void assertRefused(JsonNode tools, JsonNode toolChoice, String param) {
        assertThatThrownBy(() -> Tools.validate(tools, toolChoice)).isInstanceOfSatisfying(SimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void acceptsWellFormedToolsWithEveryKindOfChoice() {
        for (String choice :
                new String[] {"'none'", "'auto'", "'required'", "{'type':'function','function':{'name':'get_time'}}"}) {
            assertThatCode(() -> Tools.validate(TOOLS, node(choice))).doesNotThrowAnyException();
        }
        assertThatCode(() -> Tools.validate(TOOLS, null)).doesNotThrowAnyException();
        assertThatCode(() -> Tools.validate(null, null)).doesNotThrowAnyException();
        assertThatCode(() -> Tools.validate(node("[{'type':'function','function':{'name':'f'}}]"), null))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsAToolWithoutTypeSinceVllmDefaultsItToFunction() {
        assertThatCode(() -> Tools.validate(node("[{'function':{'name':'f'}}]"), null))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'type':'function'}",
                "'f'",
                "[5]",
                "[null]",
                "[{'type':null,'function':{'name':'f'}}]",
                "[{'type':'retrieval','function':{'name':'f'}}]",
                "[{'type':5,'function':{'name':'f'}}]",
                "[{'type':'function','function':{'name':'f','description':5}}]",
                "[{'type':'function','function':{'name':'f','description':['d']}}]",
                "[{'type':'function'}]",
                "[{'type':'function','function':'f'}]",
                "[{'type':'function','function':{}}]",
                "[{'type':'function','function':{'name':''}}]",
                "[{'type':'function','function':{'name':' '}}]",
                "[{'type':'function','function':{'name':3}}]",
                "[{'type':'function','function':{'name':'f','parameters':'x'}}]",
                "[{'type':'function','function':{'name':'f','parameters':[]}}]"
            })
    void refusesToolsOfTheWrongShape(String tools) {
        assertRefused(node(tools), null, "tools");
    }

    @Test
    void namesTheToolAtFault() {
        assertThatThrownBy(() -> Tools.validate(node("[" + WEATHER + ",{'type':'function'}]"), null))
                .hasMessageStartingWith("tools[1] ");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "'sometimes'",
                "'AUTO'",
                "5",
                "true",
                "[]",
                "{'type':'function'}",
                "{'type':'function','function':{}}",
                "{'type':'function','function':{'name':''}}"
            })
    void refusesAToolChoiceItDoesNotKnow(String toolChoice) {
        assertRefused(TOOLS, node(toolChoice), "tool_choice");
    }

    @Test
    void refusesAToolChoiceNamingAFunctionByANumber() {
        assertRefused(
                node("[{'type':'function','function':{'name':'5'}}]"),
                node("{'type':'function','function':{'name':5}}"),
                "tool_choice");
    }

    @Test
    void refusesANamedToolChoiceThatIsNotInTools() {
        assertThatThrownBy(() -> Tools.validate(TOOLS, node("{'type':'function','function':{'name':'nope'}}")))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("tool_choice"))
                .hasMessageContaining("'nope'");
        assertRefused(null, node("{'type':'function','function':{'name':'nope'}}"), "tool_choice");
    }

    @Test
    void refusesRequiredWithoutTools() {
        assertRefused(null, node("'required'"), "tool_choice");
        assertRefused(node("[]"), node("'required'"), "tool_choice");
    }

    @Test
    void requiredAlwaysCallsOneOfTheTools() {
        Set<String> called = new HashSet<>();
        SeededRandom random = new SeededRandom(1);

        for (int i = 0; i < 50; i++) {
            ToolCall call = decide(TOOLS, node("'required'"), random);
            called.add(call.name());
            assertArgumentsFitTheTool(call);
        }

        assertThat(called).containsExactlyInAnyOrder("get_weather", "get_time");
    }

    @Test
    void aNamedChoiceAlwaysCallsThatTool() {
        SeededRandom random = new SeededRandom(2);

        for (int i = 0; i < 20; i++) {
            ToolCall call = decide(TOOLS, node("{'type':'function','function':{'name':'get_time'}}"), random);
            assertThat(call.name()).isEqualTo("get_time");
            assertArgumentsFitTheTool(call);
        }
    }

    @Test
    void autoSometimesCallsAToolAndSometimesAnswersWithText() {
        SeededRandom random = new SeededRandom(3);
        Set<Boolean> called = new HashSet<>();

        for (int i = 0; i < 50; i++) {
            ToolCall auto = decide(TOOLS, node("'auto'"), random);
            ToolCall absent = decide(TOOLS, null, random);
            called.add(auto != null);
            called.add(absent != null);
        }

        assertThat(called).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void noneOrNoToolsNeverCall() {
        SeededRandom random = new SeededRandom(4);

        for (int i = 0; i < 20; i++) {
            assertThat(decide(TOOLS, node("'none'"), random)).isNull();
            assertThat(decide(null, node("'auto'"), random)).isNull();
            assertThat(decide(node("[]"), null, random)).isNull();
        }
    }

    @Test
    void callIdsAreVllmShapedAndRepeatWithTheSeed() {
        ToolCall one = decide(TOOLS, node("'required'"), new SeededRandom(5));
        ToolCall two = decide(TOOLS, node("'required'"), new SeededRandom(5));

        assertThat(one.id()).matches("chatcmpl-tool-[0-9a-f]{32}");
        assertThat(one).isEqualTo(two);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[{'type':'function','function':{'name':'f'}}]",
                "[{'type':'function','function':{'name':'f','parameters':{}}}]"
            })
    void aToolWithoutParameterSchemaIsCalledWithAnObject(String tools) {
        ToolCall call = decide(node(tools), node("'required'"), new SeededRandom(1));

        assertThat(readTree(call.arguments()).isObject()).isTrue();
    }

    private static void assertArgumentsFitTheTool(ToolCall call) {
        JsonNode arguments = readTree(call.arguments());
        assertThat(arguments.isObject()).isTrue();
        for (JsonNode tool : TOOLS) {
            if (tool.at("/function/name").asText().equals(call.name())) {
                assertThat(io.llmd.sim.api.schema.SchemaCheck.violations(
                                tool.at("/function/parameters"), arguments, "$"))
                        .isEmpty();
            }
        }
    }
}
