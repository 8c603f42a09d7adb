package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The API's own options, as vLLM's server has them: an API key that guards {@code /v1}, and
 * {@code X-Request-Id} response headers. The API's section of {@link SimOptions}.
 *
 * @param apiKey            the key clients must present as a bearer token, or null for none
 * @param requestIdHeaders  whether responses carry an {@code X-Request-Id} header
 */
public record ApiOptions(@Nullable String apiKey, boolean requestIdHeaders) {

    /** The API's section; {@code vllmApiKey} ({@code VLLM_API_KEY}) is used when no key is set. */
    static ApiOptions from(ParsedFlags flags, @Nullable String vllmApiKey) {
        @Nullable String key = flags.get(Flag.API_KEY);
        if (key == null || key.isBlank()) {
            key = vllmApiKey == null || vllmApiKey.isBlank() ? null : vllmApiKey.trim();
        }
        return new ApiOptions(key, flags.get(Flag.ENABLE_REQUEST_ID_HEADERS));
    }

    /** The effective settings by flag name, for the start-up log; the key itself is never logged. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.API_KEY.flagName(), apiKey == null ? Flag.API_KEY.defaultText() : "(set)");
        out.put(Flag.ENABLE_REQUEST_ID_HEADERS.flagName(), Boolean.toString(requestIdHeaders));
        return out;
    }
}
