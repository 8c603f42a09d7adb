package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompactTokensTest {

    @Test
    void holdsTheSameTokensAsTheListItWasMadeOf() {
        List<String> tokens = List.of("Hello", ",", " wörld", " 🙂", "", " end");
        List<String> compact = CompactTokens.copyOf(tokens);

        assertThat(compact).isEqualTo(tokens).hasSameHashCodeAs(tokens);
        assertThat(compact.size()).isEqualTo(6);
        assertThat(compact.get(2)).isEqualTo(" wörld");
        assertThat(compact.get(4)).isEmpty();
        assertThat(compact.subList(1, 3)).containsExactly(",", " wörld");
        assertThat(((CompactTokens) compact).text()).isEqualTo(String.join("", tokens));
    }

    @Test
    void isUnmodifiableAndRefusesWhatListCopyOfRefuses() {
        List<String> compact = CompactTokens.copyOf(new ArrayList<>(List.of("a", "b")));

        assertThatThrownBy(() -> compact.add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> compact.set(0, "c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> compact.get(2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> CompactTokens.copyOf(Arrays.asList("a", null)))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aCompactListIsNotCopiedAgainAndAnEmptyOneIsShared() {
        List<String> compact = CompactTokens.copyOf(List.of("a"));

        assertThat(CompactTokens.copyOf(compact)).isSameAs(compact);
        assertThat(CompactTokens.copyOf(List.of())).isEmpty();
        assertThat(CompactTokens.copyOf(new ArrayList<>())).isSameAs(CompactTokens.copyOf(List.of()));
    }

    @Test
    void aChoiceKeepsItsTokensCompactAndItsTextWhole() {
        Choice choice = new Choice(0, List.of("To", " be"), FinishReason.STOP, null, List.of(), null);

        assertThat(choice.tokens()).isInstanceOf(CompactTokens.class).containsExactly("To", " be");
        assertThat(choice.text()).isEqualTo("To be");
    }
}
