package io.llmd.sim.web;

import io.llmd.sim.api.LoraAdapterRequest;
import io.llmd.sim.core.LoraModule;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * vLLM's run-time LoRA management: adapters loaded here obey the same limits as configured ones.
 * Success is a plain-text sentence, as vLLM answers, whatever the client's Accept header says.
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
public final class LoraAdapterResource {
    private final Simulator simulator;

    LoraAdapterResource(Simulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("/load_lora_adapter")
    public Response load(LoraAdapterRequest request) {
        requireBody(request).validateLoad();
        simulator.loadLora(new LoraModule(request.loraName(), request.loraPath()));
        return text("Success: LoRA adapter '" + request.loraName() + "' added successfully.");
    }

    @POST
    @Path("/unload_lora_adapter")
    public Response unload(LoraAdapterRequest request) {
        requireBody(request).validateUnload();
        simulator.unloadLora(request.loraName());
        return text("Success: LoRA adapter '" + request.loraName() + "' removed successfully.");
    }

    /** The sentence as UTF-8 bytes with its type fixed, so that no Accept header picks another writer. */
    private static Response text(String sentence) {
        byte[] body = sentence.getBytes(StandardCharsets.UTF_8);
        return Response.ok(body, MediaType.TEXT_PLAIN_TYPE.withCharset("utf-8"))
                .header(HttpHeaders.CONTENT_LENGTH, body.length)
                .build();
    }

    private static LoraAdapterRequest requireBody(LoraAdapterRequest request) {
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
        return request;
    }
}
