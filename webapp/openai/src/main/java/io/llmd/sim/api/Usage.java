package io.llmd.sim.api;

import io.llmd.sim.core.Generation;
import org.jspecify.annotations.Nullable;

/**
 * Token counts of an answer; {@code prompt_tokens_details} only when vLLM writes it: with
 * {@code --enable-prompt-tokens-details} and some prompt tokens found in the prefix cache.
 */
public record Usage(
        int promptTokens,
        int totalTokens,
        int completionTokens,
        @Nullable PromptTokensDetails promptTokensDetails) {

    /** The prompt tokens the prefix cache held. */
    public record PromptTokensDetails(int cachedTokens) {}

    public Usage(int promptTokens, int totalTokens, int completionTokens) {
        this(promptTokens, totalTokens, completionTokens, null);
    }

    public static Usage of(int promptTokens, int completionTokens) {
        return new Usage(promptTokens, promptTokens + completionTokens, completionTokens);
    }

    public static Usage of(Generation generation) {
        return of(generation.promptTokens(), generation.completionTokens());
    }

    /** The same counts reporting {@code cachedTokens} prompt tokens as cached; none (no details) when 0. */
    public Usage withCachedTokens(int cachedTokens) {
        return new Usage(
                promptTokens,
                totalTokens,
                completionTokens,
                cachedTokens > 0 ? new PromptTokensDetails(cachedTokens) : null);
    }
}
