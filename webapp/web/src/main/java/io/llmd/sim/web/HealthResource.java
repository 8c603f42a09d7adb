package io.llmd.sim.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** {@code GET /health}: 200 with an empty body while the simulator serves, as vLLM answers. */
@Path("/health")
public final class HealthResource {

    @GET
    public Response health() {
        return Response.ok().build();
    }
}
