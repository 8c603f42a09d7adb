package io.llmd.sim.web;

import io.llmd.sim.api.Json;
import io.llmd.sim.core.EngineSleep;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * vLLM's sleep endpoints, served as vLLM's development endpoints with {@code VLLM_SERVER_DEV_MODE=1}
 * (without it they are unknown routes, 404): {@code POST /sleep?level=&mode=}
 * and {@code POST /wake_up?tags=} answer 200 with an empty body, {@code GET /is_sleeping} says
 * whether the engine sleeps. A level or mode vLLM would not take is a 400 here (vLLM lets its
 * parse error become a 500; a client's bad input never is one here).
 */
@Path("/")
public final class SleepResource {
    private final Simulator simulator;

    SleepResource(Simulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("sleep")
    public Response sleep(@QueryParam("level") String level, @QueryParam("mode") String mode) {
        simulator.sleep().sleep(level(level), EngineSleep.mode(mode));
        return Response.ok().build();
    }

    @POST
    @Path("wake_up")
    public Response wakeUp(@QueryParam("tags") List<String> tags) {
        simulator.sleep().wakeUp(tags);
        return Response.ok().build();
    }

    @GET
    @Path("is_sleeping")
    public Response isSleeping() {
        return Responder.json(Json.bytes(Map.of("is_sleeping", simulator.sleep().isSleeping())));
    }

    private static int level(String text) {
        if (text == null) {
            return 1;
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw SimException.badRequest("level must be 0, 1 or 2, not '" + text + "'", "level");
        }
    }
}
