package io.llmd.sim.web;

import io.llmd.sim.core.Run;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jspecify.annotations.Nullable;

/**
 * What the request log tells of an exchange beyond its method, path and status, noted by the
 * resources as they learn it: the model the request named and the run that answered it. Notes
 * are request properties, which a servlet container keeps as request attributes, so that the
 * log reads them when the exchange ends without looking at a byte of the request or the answer.
 */
final class ExchangeNotes {
    /** The model the request's body named (a String); absent when it named none or was not read. */
    static final String MODEL = "io.llmd.sim.log.model";
    /** The {@link Answer} of an admitted request. */
    static final String ANSWER = "io.llmd.sim.log.answer";

    private ExchangeNotes() {}

    /**
     * An admitted request's run, and how its tokens were told to the client.
     *
     * @param streamed whether it was answered as an event stream
     * @param usage    whether the answer carries {@code usage} (a whole answer always; a stream when asked)
     */
    record Answer(Run run, boolean streamed, boolean usage) {}

    static void model(ContainerRequestContext context, @Nullable String model) {
        if (model != null) {
            context.setProperty(MODEL, model);
        }
    }

    static void answer(ContainerRequestContext context, Run run, boolean streamed, boolean usage) {
        context.setProperty(ANSWER, new Answer(run, streamed, usage));
    }
}
