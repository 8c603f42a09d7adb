package io.llmd.sim.api.openai;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.ErrorResponse;
import io.llmd.sim.api.Json;
import org.jspecify.annotations.Nullable;

/**
 * vLLM's error body, {@code {"error":{"message","type","param","code"}}}, with the type vLLM's
 * OpenAI-compatible server gives each status: the shape of every error of its endpoints, its own
 * ({@code /tokenize}, {@code /v1/load_lora_adapter}, ...) included.
 */
public final class OpenAiErrorRenderer implements ErrorRenderer {
    /** It holds nothing: one serves every request. */
    public static final OpenAiErrorRenderer INSTANCE = new OpenAiErrorRenderer();

    private OpenAiErrorRenderer() {}

    @Override
    public byte[] body(int status, String message, @Nullable String param) {
        return Json.bytes(ErrorResponse.of(message, ErrorResponse.typeOf(status), param, status));
    }

    @Override
    public String mediaType() {
        return "application/json";
    }
}
