package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.json;
import static io.llmd.sim.api.Fixtures.readTree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.Tokenizer;
import io.llmd.sim.core.ToolCall;
import io.llmd.sim.core.ToolCallOptions;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How many calls an answer makes: the Go simulator's rule, {@code --tool-call-extra-call-probability}. */
class ToolCallCountTest {
    private static final int DRAWS = 2000;
    private static final JsonNode THREE_TOOLS = node("["
            + "{'type':'function','function':{'name':'a','parameters':{'type':'object','properties':"
            + "{'x':{'type':'integer'}},'required':['x']}}},"
            + "{'type':'function','function':{'name':'b','parameters':{'type':'object'}}},"
            + "{'type':'function','function':{'name':'c','parameters':{'type':'object','properties':"
            + "{'s':{'type':'string'}},'required':['s']}}}]");

    private static JsonNode node(String singleQuoted) {
        return readTree(json(singleQuoted));
    }

    private static ToolCallOptions extra(double percent) {
        return new ToolCallOptions(0, 100, 0, 100, 1, 5, 50, 50, percent, false);
    }

    /** How often each number of calls (0 to 3) came out of {@link #DRAWS} answers. */
    private static int[] counts(String toolChoice, double percent, boolean parallel) {
        Tools tools = Tools.of(THREE_TOOLS, node(toolChoice), 4096, extra(percent));
        SeededRandom random = new SeededRandom(11);
        int[] counts = new int[4];
        for (int i = 0; i < DRAWS; i++) {
            GenerationRequest.StructuredAnswer answer = tools.decide(random, 4096, parallel);
            counts[answer == null ? 0 : answer.toolCalls().size()]++;
        }
        return counts;
    }

    @Test
    void withoutExtraCallsRequiredMakesOneAndAutoNone() {
        assertThat(counts("'required'", 0, true)).containsExactly(0, DRAWS, 0, 0);
        assertThat(counts("'auto'", 0, true)).containsExactly(DRAWS, 0, 0, 0);
    }

    @Test
    void everyDrawSucceedingCallsAsManyTimesAsThereAreTools() {
        assertThat(counts("'required'", 100, true)).containsExactly(0, 0, 0, DRAWS);
        assertThat(counts("'auto'", 100, true)).containsExactly(0, 0, 0, DRAWS);
    }

    @Test
    void aNamedFunctionIsCalledOnce() {
        assertThat(counts("{'type':'function','function':{'name':'b'}}", 100, true))
                .containsExactly(0, DRAWS, 0, 0);
    }

    @Test
    void withoutParallelToolCallsAnAnswerMakesOneCallAtMost() {
        assertThat(counts("'required'", 100, false)).containsExactly(0, DRAWS, 0, 0);
        int[] auto = counts("'auto'", 50, false);
        assertThat(auto[2] + auto[3]).isZero();
        assertThat(auto[0]).isBetween(DRAWS * 40 / 100, DRAWS * 60 / 100);
    }

    @Test
    void eachFurtherCallIsAsLikelyAsTheFlagSays() {
        // Required with p = 45%: one call 55%, two 45% x 55% = 24.75%, three 45% x 45% = 20.25%.
        int[] counts = counts("'required'", 45, true);
        assertThat(counts[0]).isZero();
        assertThat(counts[1]).isBetween(DRAWS * 50 / 100, DRAWS * 60 / 100);
        assertThat(counts[2]).isBetween(DRAWS * 20 / 100, DRAWS * 30 / 100);
        assertThat(counts[3]).isBetween(DRAWS * 16 / 100, DRAWS * 25 / 100);
        // Auto with p = 45%: no call 55%.
        assertThat(counts("'auto'", 45, true)[0]).isBetween(DRAWS * 50 / 100, DRAWS * 60 / 100);
    }

    @Test
    void callsDrawTheirFunctionsAmongAllToolsWithOwnIdsAndValidArguments() {
        Tools tools = Tools.of(THREE_TOOLS, node("'required'"), 4096, extra(100));
        SeededRandom random = new SeededRandom(5);
        Set<String> names = new HashSet<>();
        boolean repeated = false;
        for (int i = 0; i < 200; i++) {
            GenerationRequest.StructuredAnswer answer = tools.decide(random, 4096, true);
            Set<String> ids = new HashSet<>();
            Set<String> inAnswer = new HashSet<>();
            for (ToolCall call : answer.toolCalls()) {
                assertThat(ids.add(call.id())).isTrue();
                assertThat(call.id()).matches("chatcmpl-tool-[0-9a-f]{32}");
                repeated |= !inAnswer.add(call.name());
                names.add(call.name());
                JsonNode arguments = readTree(call.arguments());
                if (call.name().equals("a")) {
                    assertThat(arguments.path("x").isIntegralNumber()).isTrue();
                } else if (call.name().equals("c")) {
                    assertThat(arguments.path("s").isTextual()).isTrue();
                }
            }
        }
        assertThat(names).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(repeated).as("a function may be called twice in one answer").isTrue();
    }

    @Test
    void theCallsShareTheTokenLimitAndTheLastOneIsCut() {
        Tools tools = Tools.of(THREE_TOOLS, node("{'type':'function','function':{'name':'a'}}"), 4096, extra(0));
        int oneCall = Tokenizer.count(
                tools.decide(new SeededRandom(1), 4096, true).toolCall().arguments());
        Tools many = Tools.of(
                node("[{'type':'function','function':{'name':'a','parameters':{'type':'object','properties':"
                        + "{'x':{'type':'integer'}},'required':['x']}}}"
                        + ",{'type':'function','function':{'name':'a2','parameters':{'type':'object','properties':"
                        + "{'x':{'type':'integer'}},'required':['x']}}}]"),
                node("'required'"),
                4096,
                extra(100));

        GenerationRequest.StructuredAnswer answer = many.decide(new SeededRandom(1), oneCall + 1, true);

        // The first call fits whole; the second gets what is left (the engine cuts it at the exact limit).
        assertThat(answer.toolCalls()).hasSize(2);
        assertThat(Tokenizer.count(answer.toolCalls().getFirst().arguments())).isEqualTo(oneCall);
        assertThat(readTree(answer.toolCalls().getFirst().arguments()).path("x").isIntegralNumber())
                .isTrue();
        assertThat(answer.cut()).isTrue();
    }
}
