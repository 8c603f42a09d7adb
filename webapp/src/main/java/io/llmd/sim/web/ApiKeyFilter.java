package io.llmd.sim.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * vLLM's {@code --api-key}: every {@code /v1} call needs {@code Authorization: Bearer KEY};
 * {@code /health}, {@code /metrics}, {@code /version} and the tokenizer stay open.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION)
final class ApiKeyFilter implements ContainerRequestFilter {
    private final byte[] expected;

    ApiKeyFilter(String apiKey) {
        this.expected = ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!(path.startsWith("v1/") || path.startsWith("/v1/") || path.equals("v1") || path.equals("/v1"))) {
            return;
        }
        String given = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        // Compared in constant time, so that the key cannot be guessed from response times.
        if (given == null || !MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(ErrorMappers.error(401, "Unauthorized: a valid API key is required.", null));
        }
    }
}
