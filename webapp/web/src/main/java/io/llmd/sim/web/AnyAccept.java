package io.llmd.sim.web;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Runs before routing and drops the request's Accept header: vLLM (FastAPI) never negotiates
 * content, so each endpoint answers in its one form whatever a client accepts (the official SDKs
 * send {@code Accept: application/json} to endpoints that answer in plain text). Without it Jersey
 * would answer 406, or 400 for an Accept it cannot parse.
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
final class AnyAccept implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        request.getHeaders().remove(HttpHeaders.ACCEPT);
    }
}
