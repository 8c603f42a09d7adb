package io.llmd.sim.api.anthropic;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.ErrorResponse;
import io.llmd.sim.api.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The Messages API's error body, {@code {"type":"error","error":{"type","message"}}}, as vLLM's
 * Anthropic endpoint writes it: the inner type is the one vLLM's OpenAI server gives the status
 * ({@code BadRequestError}, {@code NotFoundError}, ...), and no {@code param} or {@code code}.
 */
public final class AnthropicErrorRenderer implements ErrorRenderer {
    /** It holds nothing: one serves every request. */
    public static final AnthropicErrorRenderer INSTANCE = new AnthropicErrorRenderer();

    private AnthropicErrorRenderer() {}

    @Override
    public byte[] body(int status, String message, @Nullable String param) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("type", ErrorResponse.typeOf(status));
        error.put("message", message);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "error");
        body.put("error", error);
        return Json.bytes(body);
    }

    @Override
    public String mediaType() {
        return "application/json";
    }
}
