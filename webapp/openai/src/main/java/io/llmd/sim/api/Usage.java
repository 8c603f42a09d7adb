package io.llmd.sim.api;

import io.llmd.sim.core.Generation;

/** Token counts of an answer. */
public record Usage(int promptTokens, int totalTokens, int completionTokens) {

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, promptTokens + completionTokens, completionTokens);
    }

    public static Usage of(Generation generation) {
        return of(generation.promptTokens(), generation.completionTokens());
    }
}
