package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Vocabulary;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/completions}; {@code max_tokens} defaults to 16, as in vLLM. {@code prompt} is a
 * string, a list of strings (answered in turn, {@code n} choices each), a list of token ids, or a
 * list of such lists. Fields the simulator does not use are read only for their types
 * ({@link IgnoredParams}); unknown fields are ignored.
 */
public record CompletionRequest(
        @Nullable String model,
        @Nullable JsonNode prompt,
        @Nullable Boolean stream,
        @Nullable StreamOptions streamOptions,
        @Nullable Integer maxTokens,
        @Nullable Integer n,
        @Nullable Integer logprobs,
        @Nullable Boolean echo,
        @Nullable Boolean ignoreEos,
        @Nullable Integer minTokens,
        @Nullable JsonNode stop,
        @Nullable List<Integer> stopTokenIds,
        @Nullable Boolean includeStopStrInOutput,
        @Nullable JsonNode kvTransferParams,
        @Nullable Double cacheHitThreshold,
        @JsonUnwrapped @Nullable IgnoredParams ignored,
        @JsonUnwrapped IgnoredParams.@Nullable Completion completionIgnored)
        implements GenerationParams {

    static final int DEFAULT_MAX_TOKENS = 16;

    /** Checks what the shape of JSON alone cannot; throws a 400 naming the field. */
    public void validate() {
        if (prompt == null || prompt.isNull()) {
            throw SimException.badRequest("prompt is required", "prompt");
        }
        if (!PromptInput.isValid(prompt)) {
            throw SimException.badRequest(
                    "prompt must be a string, a list of strings, a list of token ids, "
                            + "or a list of lists of token ids",
                    "prompt");
        }
        if (prompt.isArray() && prompt.isEmpty()) {
            throw SimException.badRequest("prompt must not be empty", "prompt");
        }
        if (prompt.isTextual() && prompt.textValue().isEmpty()) {
            throw SimException.badRequest("prompt must not be empty", "prompt");
        }
        if (prompt.isArray()) {
            for (JsonNode item : prompt) {
                if ((item.isTextual() && item.textValue().isEmpty()) || (item.isArray() && item.isEmpty())) {
                    throw SimException.badRequest("prompt must not contain an empty prompt", "prompt");
                }
            }
        }
        if (logprobs != null && (logprobs < 0 || logprobs > MAX_LOGPROBS)) {
            throw SimException.badRequest(
                    "logprobs must be between 0 and " + MAX_LOGPROBS + ", got " + logprobs + ".", "logprobs");
        }
        GenerationParams.validateCommon(this);
    }

    @Override
    public Integer effectiveMaxTokens() {
        return maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS;
    }

    @Override
    public int logprobCount() {
        return logprobs == null ? -1 : logprobs;
    }

    public boolean echoes() {
        return Boolean.TRUE.equals(echo);
    }

    /**
     * One prompt: its text, and for a prompt given as token ids, how many ids (which are its
     * token count, whatever their text tokenizes to) and the ids; -1 and null for a prompt given as text.
     */
    public record Prompt(
            String text, int tokenIds, @Nullable List<Integer> ids) {
        /** A prompt given as text. */
        public Prompt(String text) {
            this(text, -1, null);
        }

        /** A prompt given as token ids, with their text. */
        public Prompt(String text, List<Integer> ids) {
            this(text, ids.size(), List.copyOf(ids));
        }
    }

    /** The prompts, in order. */
    public List<Prompt> prompts(Vocabulary vocabulary) {
        return PromptInput.each(promptNode(), Prompt::new, ids -> new Prompt(vocabulary.decode(ids), ids));
    }

    /** The prompts, each as text (token ids read through the vocabulary). */
    public List<String> promptTexts(Vocabulary vocabulary) {
        return PromptInput.each(promptNode(), text -> text, vocabulary::decode);
    }

    /** The prompt, none when absent ({@link #validate()} refuses a request without one). */
    public JsonNode promptNode() {
        return prompt == null ? NullNode.instance : prompt;
    }
}
