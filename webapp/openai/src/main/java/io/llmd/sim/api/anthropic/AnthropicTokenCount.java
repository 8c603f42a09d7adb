package io.llmd.sim.api.anthropic;

/**
 * The answer of {@code POST /v1/messages/count_tokens} as vLLM gives it:
 * {@code {"input_tokens":N,"context_management":{"original_input_tokens":N}}}. vLLM edits no
 * context, so the original count is the count.
 *
 * @param inputTokens the prompt's tokens, as the same request's {@code usage.input_tokens} counts them
 */
public record AnthropicTokenCount(int inputTokens, ContextManagement contextManagement) {

    /** Context management's report: the count before any editing. */
    public record ContextManagement(int originalInputTokens) {}

    public static AnthropicTokenCount of(int inputTokens) {
        return new AnthropicTokenCount(inputTokens, new ContextManagement(inputTokens));
    }
}
