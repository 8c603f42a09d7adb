package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SimException;

/** {@code POST /v1/completions}; {@code max_tokens} defaults to 16, as in vLLM. */
public record CompletionRequest(
        String model,
        JsonNode prompt,
        Boolean stream,
        StreamOptions streamOptions,
        Integer maxTokens,
        Integer n) implements GenerationParams {

    static final int DEFAULT_MAX_TOKENS = 16;

    /** Checks what the shape of JSON alone cannot; throws a 400 naming the field. */
    public void validate() {
        if (prompt == null || prompt.isNull()) {
            throw SimException.badRequest("prompt is required", "prompt");
        }
        boolean single = prompt.isTextual() || (prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual());
        if (!single) {
            throw SimException.badRequest("prompt must be a string (or a list holding one string)", "prompt");
        }
        if (promptText().isEmpty()) {
            throw SimException.badRequest("prompt must not be empty", "prompt");
        }
        GenerationParams.validateCommon(this);
    }

    @Override
    public Integer effectiveMaxTokens() {
        return maxTokens != null ? maxTokens : DEFAULT_MAX_TOKENS;
    }

    public String promptText() {
        return prompt.isArray() ? prompt.get(0).textValue() : prompt.textValue();
    }
}
