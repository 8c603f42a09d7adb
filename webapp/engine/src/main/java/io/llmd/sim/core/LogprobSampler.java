package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Plausible log probabilities: each chosen token gets a value at most 0, and the top list starts
 * with the chosen token, followed by other known tokens in decreasing likelihood. Drawn from the
 * seeded generator, so a seed replays them.
 */
final class LogprobSampler {
    private final SeededRandom random;
    private final Vocabulary vocabulary;

    LogprobSampler(SeededRandom random, Vocabulary vocabulary) {
        this.random = random;
        this.vocabulary = vocabulary;
    }

    /** One entry per token, each with {@code top} alternatives (the chosen token among them, first). */
    List<TokenLogprob> sample(List<String> tokens, int top) {
        List<TokenLogprob> out = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            double chosen = -random.nextDouble() * 0.7;
            List<TokenLogprob.Alternative> alternatives = new ArrayList<>(top);
            if (top > 0) {
                alternatives.add(new TokenLogprob.Alternative(token, chosen));
                Set<String> used = new LinkedHashSet<>(List.of(token));
                double logprob = chosen;
                for (int guard = 0; alternatives.size() < top && guard < top * 20; guard++) {
                    String other = vocabulary.any(random);
                    if (used.add(other)) {
                        logprob -= 0.1 + random.nextDouble() * 1.5;
                        alternatives.add(new TokenLogprob.Alternative(other, logprob));
                    }
                }
            }
            out.add(new TokenLogprob(token, chosen, alternatives));
        }
        return out;
    }
}
