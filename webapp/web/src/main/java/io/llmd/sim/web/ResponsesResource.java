package io.llmd.sim.web;

import io.llmd.sim.api.responses.ResponseObject;
import io.llmd.sim.api.responses.ResponsesRequest;
import io.llmd.sim.api.responses.ResponsesStreamEncoder;
import io.llmd.sim.core.Simulator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /v1/responses}, OpenAI's Responses API: the request becomes the chat request it means, is
 * planned and admitted as chat's are, and its answer is told as a {@code response} object or the
 * Responses API's named events.
 */
@Path("/v1/responses")
@Consumes(MediaType.APPLICATION_JSON)
public final class ResponsesResource {
    private final Simulator simulator;
    private final GenerationResource generations;

    ResponsesResource(Simulator simulator, GenerationResource generations) {
        this.simulator = simulator;
        this.generations = generations;
    }

    @POST
    public void create(
            ResponsesRequest request,
            @Context ContainerRequestContext context,
            @Context HttpServletRequest exchange,
            @Suspended AsyncResponse async) {
        long arrival = RequestHead.arrive(simulator, context, request, request == null ? null : request.model());
        request.validate();
        generations.respondAsChat(
                request.toChat(),
                arrival,
                "resp_",
                context,
                exchange,
                async,
                (id, created, model, generation) -> new ResponsesStreamEncoder(
                        new ResponseObject(id, created, model, request, generation), generation),
                (id, created, model, generation) ->
                        new ResponseObject(id, created, model, request, generation).completed());
    }
}
