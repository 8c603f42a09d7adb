package io.llmd.sim.web;

import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * What every generation endpoint does first, in this order: takes the request's arrival time,
 * notes the model it named for the request log, applies an injected failure, and refuses a body
 * that is not a JSON object.
 */
final class RequestHead {
    private RequestHead() {}

    /**
     * Returns the request's arrival, on the simulator's clock, once the steps above have passed.
     *
     * @param request the body as read (null for {@code null})
     * @param model   the model it names, if any
     */
    static long arrive(
            Simulator simulator, ContainerRequestContext context, @Nullable Object request, @Nullable String model) {
        long arrival = ArrivalFilter.arrival(context, simulator.clock());
        ExchangeNotes.model(context, model);
        InjectedFailures.checkModel(simulator, context, model);
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
        return arrival;
    }
}
