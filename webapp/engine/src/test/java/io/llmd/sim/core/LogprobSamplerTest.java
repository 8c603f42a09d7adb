package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogprobSamplerTest {
    private static final List<String> TOKENS = Tokenizer.tokenize("Every token here is scheduled, not computed. é 😀");

    private static LogprobSampler sampler(long seed) {
        return new LogprobSampler(new SeededRandom(seed), new Vocabulary());
    }

    @Test
    void givesOneEntryPerTokenInOrder() {
        List<TokenLogprob> logprobs = sampler(1).sample(TOKENS, 3);

        assertThat(logprobs).extracting(TokenLogprob::token).containsExactlyElementsOf(TOKENS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 20})
    void topListStartsWithTheChosenTokenAndDecreases(int top) {
        for (long seed = 0; seed < 30; seed++) {
            for (TokenLogprob entry : sampler(seed).sample(TOKENS, top)) {
                assertThat(entry.logprob()).isLessThanOrEqualTo(0.0);
                assertThat(entry.top()).hasSize(top);
                assertThat(entry.top().getFirst())
                        .isEqualTo(new TokenLogprob.Alternative(entry.token(), entry.logprob()));
                assertThat(new HashSet<>(entry.top().stream()
                                .map(TokenLogprob.Alternative::token)
                                .toList()))
                        .as("distinct alternatives")
                        .hasSize(top);
                for (int i = 1; i < entry.top().size(); i++) {
                    assertThat(entry.top().get(i).logprob())
                            .isLessThan(entry.top().get(i - 1).logprob());
                }
            }
        }
    }

    @Test
    void zeroTopGivesOnlyTheChosenTokensLogprob() {
        assertThat(sampler(2).sample(TOKENS, 0)).allSatisfy(entry -> {
            assertThat(entry.logprob()).isLessThanOrEqualTo(0.0);
            assertThat(entry.top()).isEmpty();
        });
    }

    @Test
    void noTokensGiveNoEntries() {
        assertThat(sampler(3).sample(List.of(), 5)).isEmpty();
    }

    @Test
    void sameSeedGivesTheSameLogprobs() {
        assertThat(sampler(42).sample(TOKENS, 4)).isEqualTo(sampler(42).sample(TOKENS, 4));
        assertThat(sampler(42).sample(TOKENS, 4)).isNotEqualTo(sampler(43).sample(TOKENS, 4));
    }
}
