package io.llmd.sim.web;

import io.llmd.sim.core.NanoClock;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * {@code GET /health}: 200 with an empty body while the simulator serves, as vLLM answers.
 * {@code GET /health/ready}: 503 until {@code --startup-duration} has passed since the start (a
 * model still loading, as the Go simulator simulates it), 200 after; metrics and the models stay
 * served meanwhile.
 */
@Path("/health")
public final class HealthResource {
    private final NanoClock clock;
    private final long readyAt;

    HealthResource() {
        this(NanoClock.SYSTEM, Duration.ZERO);
    }

    HealthResource(NanoClock clock, Duration startupDuration) {
        this.clock = clock;
        this.readyAt = clock.nanoTime() + startupDuration.toNanos();
    }

    @GET
    public Response health() {
        return Response.ok().build();
    }

    @GET
    @Path("ready")
    public Response ready() {
        return clock.nanoTime() - readyAt >= 0
                ? Response.ok().build()
                : Response.status(Response.Status.SERVICE_UNAVAILABLE).build();
    }
}
