package io.llmd.sim.web;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.GenerationParams;
import io.llmd.sim.core.FailureType;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * Failures on demand, checked before a generation request is validated or admitted (so before any
 * stream starts, and never counted in the metrics): the header {@code X-Return-Error: CODE} forces
 * that status on its request, and otherwise {@code --failure-injection-rate} may pick it. Either
 * says in its message that it was injected, and marks the request for the request log.
 */
final class InjectedFailures {
    static final String HEADER = "X-Return-Error";
    /**
     * The request property (a servlet request attribute too) naming what injected the request's
     * failure, for the request log; absent when the request was not failed on purpose.
     */
    static final String CAUSE = "io.llmd.sim.injected-failure";

    private InjectedFailures() {}

    /**
     * Throws the failure this request gets, if any.
     *
     * @param request the decoded body, or null when there is none
     */
    static void check(Simulator simulator, ContainerRequestContext context, @Nullable GenerationParams request) {
        checkModel(simulator, context, request == null ? null : request.model());
    }

    /**
     * Throws the failure a request for {@code model} gets, if any.
     *
     * @param model the model the body names, or null when it names none or there is no body
     */
    static void checkModel(Simulator simulator, ContainerRequestContext context, @Nullable String model) {
        String forced = context.getHeaderString(HEADER);
        if (forced != null) {
            RuntimeException error = forcedError(forced.trim(), context);
            if (error instanceof ForcedError) {
                context.setProperty(CAUSE, HEADER);
            }
            throw error;
        }
        try {
            simulator.failures().maybeFail(model);
        } catch (SimException injected) {
            context.setProperty(CAUSE, "--failure-injection-rate");
            throw injected;
        }
    }

    private static RuntimeException forcedError(String code, ContainerRequestContext context) {
        int status;
        try {
            status = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            return SimException.badRequest(
                    "The " + HEADER + " header must be an HTTP status code, not '" + code + "'.", null);
        }
        if (status < 400 || status > 599) {
            return SimException.badRequest(
                    "The " + HEADER + " header must be an error status from 400 to 599, not " + status + ".", null);
        }
        return new ForcedError(ErrorRenderers.forRequest(context), status);
    }

    /** A status forced by the header, rendered with that status as the request's protocol writes errors. */
    static final class ForcedError extends WebApplicationException {
        private static final long serialVersionUID = 1L;

        ForcedError(ErrorRenderer renderer, int status) {
            super(ErrorMappers.error(
                    renderer,
                    status,
                    "Error " + status + " forced by the " + HEADER + " header." + FailureType.INJECTED,
                    null));
        }
    }
}
