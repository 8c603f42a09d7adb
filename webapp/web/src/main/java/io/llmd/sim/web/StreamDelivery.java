package io.llmd.sim.web;

import jakarta.servlet.ServletContext;

/**
 * How streamed answers reach the connection in the container at hand; the launcher's embedded
 * Jetty says so with two init parameters, any other container gets the defaults.
 *
 * @param paced        streamed answers are written by the {@link Pacer}'s few threads rather than each
 *                     by its own request thread (where the guard against a client that stops reading
 *                     is verified)
 * @param writeThrough the container sends each write to the connection at once (it aggregates no
 *                     output), so a stream flushes only the write that commits its response: a flush
 *                     after each event would find nothing to send and still cost a pass through the
 *                     container's write path
 */
public record StreamDelivery(boolean paced, boolean writeThrough) {
    /** Any container's: each stream on its own thread, flushed after every event. */
    public static final StreamDelivery DEFAULT = new StreamDelivery(false, false);

    /** What the context's init parameters say ({@link SimContextListener#PACED_STREAMS}, {@link SimContextListener#WRITE_THROUGH}). */
    static StreamDelivery of(ServletContext context) {
        return new StreamDelivery(
                Boolean.parseBoolean(context.getInitParameter(SimContextListener.PACED_STREAMS)),
                Boolean.parseBoolean(context.getInitParameter(SimContextListener.WRITE_THROUGH)));
    }
}
