package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.json;
import static io.llmd.sim.api.Fixtures.readTree;
import static io.llmd.sim.api.Fixtures.serialized;
import static io.llmd.sim.api.Generations.generation;
import static io.llmd.sim.api.Generations.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.FinishReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class UsageTest {

    @Test
    void totalIsPromptPlusCompletion() {
        assertThat(Usage.of(7, 3)).isEqualTo(new Usage(7, 10, 3));
    }

    @Test
    void serializesWithSnakeCaseNames() {
        assertThat(serialized(Usage.of(7, 3)))
                .isEqualTo(readTree(json("{'prompt_tokens':7,'total_tokens':10,'completion_tokens':3}")));
    }

    @Test
    void cachedPromptTokensAreDetailedOnlyWhenThereAreSome() {
        assertThat(serialized(Usage.of(7, 3).withCachedTokens(4)))
                .isEqualTo(readTree(json("{'prompt_tokens':7,'total_tokens':10,'completion_tokens':3,"
                        + "'prompt_tokens_details':{'cached_tokens':4}}")));
        assertThat(Usage.of(7, 3).withCachedTokens(0)).isEqualTo(Usage.of(7, 3));
    }

    @Test
    void countsTheCompletionTokensOfEveryChoiceOfAGeneration() {
        assertThat(Usage.of(generation(
                        5,
                        text(0, FinishReason.STOP, List.of("a", " b")),
                        text(1, FinishReason.LENGTH, List.of("c", " d", " e")))))
                .isEqualTo(new Usage(5, 10, 5));
    }
}
