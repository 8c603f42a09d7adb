package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.json;
import static io.llmd.sim.api.Fixtures.readTree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.ToolCallOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tool-call arguments within the bounds of the {@code --*-tool-call-*} flags, over many draws, and
 * always valid against the tool's schema, whose own bounds win where they are tighter.
 */
class ToolArgumentBoundsTest {
    private static final int DRAWS = 2_000;
    private static final String PLAN = "[{'type':'function','function':{'name':'plan','parameters':{'type':'object',"
            + "'properties':{"
            + "'count':{'type':'integer'},"
            + "'ratio':{'type':'number'},"
            + "'small':{'type':'integer','minimum':2,'maximum':4},"
            + "'far':{'type':'integer','minimum':1000},"
            + "'tags':{'type':'array','items':{'type':'string'}},"
            + "'pair':{'type':'array','items':{'type':'integer'},'minItems':2,'maxItems':2},"
            + "'box':{'type':'object','properties':{'w':{'type':'number'},'h':{'type':'number'}},'required':['w']},"
            + "'note':{'type':'string'}"
            + "},'required':['count','ratio','small','far','tags','pair','box']}}}]";

    private static JsonNode node(String singleQuoted) {
        return readTree(json(singleQuoted));
    }

    private static List<JsonNode> arguments(String tools, ToolCallOptions options) {
        Tools callable = Tools.of(node(tools), node("'required'"), 4096, options);
        SeededRandom random = new SeededRandom(7);
        List<JsonNode> all = new ArrayList<>();
        for (int i = 0; i < DRAWS; i++) {
            GenerationRequest.StructuredAnswer answer = callable.decide(random, 4096, true);
            assertThat(answer.cut()).isFalse();
            all.add(readTree(answer.toolCall().arguments()));
        }
        return all;
    }

    @Test
    void argumentsStayWithinTheFlagsBoundsOverManyDraws() {
        ToolCallOptions options = new ToolCallOptions(-3, 3, 0.25, 0.5, 2, 4, 50, 50, 0, false);
        List<Long> integers = new ArrayList<>();
        for (JsonNode arguments : arguments(PLAN, options)) {
            assertThat(arguments.get("count").isIntegralNumber()).isTrue();
            integers.add(arguments.get("count").longValue());
            assertThat(arguments.get("ratio").doubleValue()).isBetween(0.25, 0.5);
            assertThat(arguments.get("tags").size()).isBetween(2, 4);
            assertThat(arguments.get("box").get("w").doubleValue()).isBetween(0.25, 0.5);
        }
        // Every value of the range comes up, not only one end.
        assertThat(integers)
                .contains(-3L, 0L, 3L)
                .allSatisfy(value -> assertThat(value).isBetween(-3L, 3L));
    }

    @Test
    void aSchemasTighterBoundsWin() {
        ToolCallOptions options = new ToolCallOptions(0, 100, 0, 100, 3, 5, 50, 50, 0, false);
        for (JsonNode arguments : arguments(PLAN, options)) {
            assertThat(arguments.get("small").longValue()).isBetween(2L, 4L);
            // Bounds that miss the schema's range give way to it.
            assertThat(arguments.get("far").longValue()).isGreaterThanOrEqualTo(1000L);
            assertThat(arguments.get("pair").size()).isEqualTo(2);
        }
    }

    @Test
    void optionalParametersAndFieldsFollowTheirProbabilities() {
        List<JsonNode> never = arguments(PLAN, new ToolCallOptions(0, 100, 0, 100, 1, 5, 0, 0, 0, false));
        assertThat(never).allSatisfy(arguments -> {
            assertThat(arguments.has("note")).isFalse();
            assertThat(arguments.get("box").has("h")).isFalse();
        });
        List<JsonNode> always = arguments(PLAN, new ToolCallOptions(0, 100, 0, 100, 1, 5, 100, 100, 0, false));
        assertThat(always).allSatisfy(arguments -> {
            assertThat(arguments.has("note")).isTrue();
            assertThat(arguments.get("box").has("h")).isTrue();
        });
        long given = arguments(PLAN, new ToolCallOptions(0, 100, 0, 100, 1, 5, 25, 50, 0, false)).stream()
                .filter(arguments -> arguments.has("note"))
                .count();
        assertThat(given).isBetween(DRAWS * 20L / 100, DRAWS * 30L / 100);
    }

    private static final String IMPOSSIBLE =
            "[{'type':'function','function':{'name':'never','parameters':{'type':'integer','minimum':5,'maximum':1}}},"
                    + "{'type':'function','function':{'name':'fine','parameters':{'type':'object'}}}]";

    @Test
    void withoutValidationAToolNoValueSatisfiesIsTakenAndNeverCalled() {
        ToolCallOptions skip = new ToolCallOptions(0, 100, 0, 100, 1, 5, 50, 50, 0, true);
        Tools callable = Tools.of(node(IMPOSSIBLE), node("'required'"), 4096, skip);
        SeededRandom random = new SeededRandom(3);
        for (int i = 0; i < 200; i++) {
            assertThat(callable.decide(random, 4096, true).toolCall().name()).isEqualTo("fine");
        }
        Tools named = Tools.of(node(IMPOSSIBLE), node("{'type':'function','function':{'name':'never'}}"), 4096, skip);
        assertThatThrownBy(() -> named.decide(random, 4096, true))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
    }

    @Test
    void withValidationSuchAToolIsRefused() {
        assertThatThrownBy(() -> Tools.of(node(IMPOSSIBLE), node("'auto'"), 4096, ToolCallOptions.DEFAULTS))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("tools"));
    }
}
