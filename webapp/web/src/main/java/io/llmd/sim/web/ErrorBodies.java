package io.llmd.sim.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/**
 * The last word on an error answer: one that Jersey made without a body (its own refusals, which
 * no exception mapper sees) gets the error body of the request's protocol for its status, so that
 * no client ever reads an empty error.
 */
final class ErrorBodies implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 400 || response.hasEntity()) {
            return;
        }
        String reason = response.getStatusInfo().getReasonPhrase();
        Response error = ErrorMappers.error(
                ErrorRenderers.forRequest(request),
                status,
                reason == null || reason.isBlank() ? "HTTP error " + status + "." : reason,
                null);
        response.setEntity(error.getEntity(), null, error.getMediaType());
        response.getHeaders().putSingle(HttpHeaders.CONTENT_LENGTH, error.getHeaderString(HttpHeaders.CONTENT_LENGTH));
    }
}
