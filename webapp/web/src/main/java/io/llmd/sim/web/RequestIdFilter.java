package io.llmd.sim.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.util.UUID;

/** vLLM's {@code --enable-request-id-headers}: the client's {@code X-Request-Id} comes back, or a new one. */
final class RequestIdFilter implements ContainerResponseFilter {
    static final String HEADER = "X-Request-Id";

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String id = request.getHeaderString(HEADER);
        response.getHeaders()
                .putSingle(
                        HEADER,
                        id == null || id.isBlank()
                                ? UUID.randomUUID().toString().replace("-", "")
                                : id);
    }
}
