package io.llmd.sim.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Drops an Accept header that does not parse, before routing reads it: vLLM answers JSON whatever
 * the client accepts, where Jersey would refuse the request with an empty 400 that no error mapper
 * sees.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
final class UnreadableAccept implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        try {
            request.getAcceptableMediaTypes();
        } catch (ProcessingException | IllegalArgumentException e) {
            request.getHeaders().remove(HttpHeaders.ACCEPT);
        }
    }
}
