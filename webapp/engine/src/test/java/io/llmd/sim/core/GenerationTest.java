package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenerationTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);

    private static Choice choice(int index, String... tokens) {
        return new Choice(index, List.of(tokens), FinishReason.STOP, null, null, null);
    }

    private final Generation generation =
            new Generation(BASE, 5, 10, List.of(choice(0, "a", " b", " c"), choice(1), choice(2, "x")));

    @Test
    void completionTokensCountEveryChoice() {
        assertThat(generation.completionTokens()).isEqualTo(4);
    }

    @Test
    void stepsFollowTheLongestChoice() {
        assertThat(generation.steps()).isEqualTo(3);
    }

    @Test
    void tokensAtAStepCountTheChoicesStillGoing() {
        assertThat(generation.tokensAt(0)).isEqualTo(2);
        assertThat(generation.tokensAt(1)).isEqualTo(1);
        assertThat(generation.tokensAt(2)).isEqualTo(1);
        assertThat(generation.tokensAt(3)).isZero();
    }

    @Test
    void anAbortedAnswerKeepsTheTokensOfTheStepsDeliveredAndEndsByAbort() {
        Generation aborted = generation.abortedAfter(2);

        assertThat(aborted.choices()).extracting(Choice::text).containsExactly("a b", "", "x");
        assertThat(aborted.choices()).allSatisfy(choice -> {
            assertThat(choice.finishReason()).isEqualTo(FinishReason.ABORT);
            assertThat(choice.stopReason()).isNull();
        });
        assertThat(aborted.completionTokens()).isEqualTo(3);
        assertThat(aborted.promptTokens()).isEqualTo(5);
        assertThat(FinishReason.ABORT.value()).isEqualTo("abort");
    }

    @Test
    void firstIsTheChoiceWithIndexZero() {
        assertThat(generation.first().text()).isEqualTo("a b c");
    }

    @Test
    void aGenerationWithoutChoicesOnlyPrefillsItsPrompt() {
        Generation promptOnly = new Generation(BASE, 7, 0, List.of());

        assertThat(promptOnly.promptTokens()).isEqualTo(7);
        assertThat(promptOnly.steps()).isZero();
        assertThat(promptOnly.completionTokens()).isZero();
        assertThat(promptOnly.tokensAt(0)).isZero();
        assertThatThrownBy(promptOnly::first).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keepsItsOwnCopyOfTheChoices() {
        List<Choice> choices = new ArrayList<>(List.of(choice(0, "a")));
        Generation copy = new Generation(BASE, 1, 1, choices);

        choices.add(choice(1, "b"));

        assertThat(copy.choices()).hasSize(1);
    }

    @Test
    void choiceTextJoinsItsTokens() {
        assertThat(choice(0, "Hi", ",", " you").text()).isEqualTo("Hi, you");
        assertThat(choice(0).text()).isEmpty();
    }

    @Test
    void finishReasonsHaveVllmWireValues() {
        assertThat(FinishReason.STOP.value()).isEqualTo("stop");
        assertThat(FinishReason.LENGTH.value()).isEqualTo("length");
        assertThat(FinishReason.TOOL_CALLS.value()).isEqualTo("tool_calls");
    }
}
