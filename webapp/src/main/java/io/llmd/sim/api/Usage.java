package io.llmd.sim.api;

/** Token counts of an answer. */
public record Usage(int promptTokens, int totalTokens, int completionTokens) {

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, promptTokens + completionTokens, completionTokens);
    }
}
