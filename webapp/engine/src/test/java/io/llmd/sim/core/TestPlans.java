package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Planned answers that tests of several modules share. */
public final class TestPlans {

    private TestPlans() {}

    /** Two choices of an echo-mode simulator: "one two three four" echoed (four tokens) and a JSON answer of two. */
    public static Generation twoChoices(Simulator simulator) {
        List<GenerationRequest.StructuredAnswer> answers = new ArrayList<>();
        answers.add(null);
        answers.add(new GenerationRequest.StructuredAnswer(null, "{}"));
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(2, 0, false, List.of(), Set.of(), false, -1);
        Generation generation = simulator.plan(new GenerationRequest(
                new ModelTarget("m", null), "prompt", 0, "one two three four", null, sampling, answers));
        if (generation.choices().get(0).tokens().size() != 4
                || generation.choices().get(1).tokens().size() != 2) {
            throw new IllegalStateException("expected choices of 4 and 2 tokens");
        }
        return generation;
    }
}
