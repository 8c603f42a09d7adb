package io.llmd.sim.api;

import org.junit.jupiter.api.Test;

import static io.llmd.sim.api.Fixtures.json;
import static io.llmd.sim.api.Fixtures.readTree;
import static io.llmd.sim.api.Fixtures.serialized;
import static org.assertj.core.api.Assertions.assertThat;

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
}
