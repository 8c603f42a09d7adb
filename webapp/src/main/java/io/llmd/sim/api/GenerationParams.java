package io.llmd.sim.api;

import io.llmd.sim.core.SimException;

/** What chat and completion requests share. */
public interface GenerationParams {

    String model();

    Boolean stream();

    StreamOptions streamOptions();

    Integer n();

    /** The token limit the client asked for, or null. */
    Integer effectiveMaxTokens();

    default boolean streaming() {
        return Boolean.TRUE.equals(stream());
    }

    default boolean includeUsage() {
        return streamOptions() != null && Boolean.TRUE.equals(streamOptions().includeUsage());
    }

    /** Checks the fields both kinds of request share. */
    static void validateCommon(GenerationParams params) {
        Integer maxTokens = params.effectiveMaxTokens();
        if (maxTokens != null && maxTokens <= 0) {
            throw SimException.badRequest("max_tokens must be at least 1, got " + maxTokens + ".", "max_tokens");
        }
        Integer n = params.n();
        if (n != null && n < 1) {
            throw SimException.badRequest("n must be at least 1, got " + n + ".", "n");
        }
        if (n != null && n > 1) {
            throw SimException.badRequest("n > 1 is not supported by this simulator yet, got " + n + ".", "n");
        }
    }
}
