package io.llmd.sim.web;

import io.llmd.sim.api.LoraAdapterRequest;
import io.llmd.sim.core.LoraModule;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** vLLM's run-time LoRA management: adapters loaded here obey the same limits as configured ones. */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.TEXT_PLAIN)
public final class LoraAdapterResource {
    private final Simulator simulator;

    LoraAdapterResource(Simulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("/load_lora_adapter")
    public String load(LoraAdapterRequest request) {
        requireBody(request).validateLoad();
        simulator.loadLora(new LoraModule(request.loraName(), request.loraPath()));
        return "Success: LoRA adapter '" + request.loraName() + "' added successfully.";
    }

    @POST
    @Path("/unload_lora_adapter")
    public String unload(LoraAdapterRequest request) {
        requireBody(request).validateUnload();
        simulator.unloadLora(request.loraName());
        return "Success: LoRA adapter '" + request.loraName() + "' removed successfully.";
    }

    private static LoraAdapterRequest requireBody(LoraAdapterRequest request) {
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
        return request;
    }
}
