package io.llmd.sim.web;

import io.llmd.sim.api.GenerationParams;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;

/**
 * Failures on demand, checked before a generation request is validated or admitted (so before any
 * stream starts, and never counted in the metrics): the header {@code X-Return-Error: CODE} forces
 * that status on its request, and otherwise {@code --failure-injection-rate} may pick it.
 */
final class InjectedFailures {
    static final String HEADER = "X-Return-Error";

    private InjectedFailures() {
    }

    /**
     * Throws the failure this request gets, if any.
     *
     * @param request the decoded body, or null when there is none
     */
    static void check(Simulator simulator, ContainerRequestContext context, GenerationParams request) {
        String forced = context.getHeaderString(HEADER);
        if (forced != null) {
            throw forcedError(forced.trim());
        }
        simulator.failures().maybeFail(request == null ? null : request.model());
    }

    private static RuntimeException forcedError(String code) {
        int status;
        try {
            status = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return SimException.badRequest("The " + HEADER + " header must be an HTTP status code, not '" + code
                    + "'.", null);
        }
        if (status < 400 || status > 599) {
            return SimException.badRequest("The " + HEADER + " header must be an error status from 400 to 599, not "
                    + status + ".", null);
        }
        return new ForcedError(status);
    }

    /** A status forced by the header, rendered as vLLM's error body with that status. */
    static final class ForcedError extends WebApplicationException {
        ForcedError(int status) {
            super(ErrorMappers.error(status, "Error " + status + " forced by the " + HEADER + " header.", null));
        }
    }
}
