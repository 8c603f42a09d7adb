package io.llmd.sim.web;

import io.llmd.sim.api.DetokenizeRequest;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.TokenizeRequest;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.core.Version;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** vLLM's {@code /tokenize}, {@code /detokenize} and {@code /version}, consistent with {@code usage}. */
@Path("/")
public final class TokenizerResource {
    private final Simulator simulator;

    TokenizerResource(Simulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("tokenize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response tokenize(TokenizeRequest request, @Context ContainerRequestContext context) {
        ExchangeNotes.model(context, request == null ? null : request.model());
        requireBody(request);
        request.validate();
        simulator.catalog().resolve(request.model());
        List<Integer> tokens = new ArrayList<>(
                simulator.tokenizer().encode(request.text(simulator.chatTemplate()), request.addSpecialTokens()));
        int count = tokens.size() + request.extraTokens();
        return Responder.json(Json.bytes(
                new TokenizeRequest.Response(count, simulator.config().maxModelLen(), tokens, null)));
    }

    @POST
    @Path("detokenize")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response detokenize(DetokenizeRequest request, @Context ContainerRequestContext context) {
        ExchangeNotes.model(context, request == null ? null : request.model());
        requireBody(request);
        request.validate();
        simulator.catalog().resolve(request.model());
        return Responder.json(
                Json.bytes(new DetokenizeRequest.Response(simulator.tokenizer().decode(request.tokens()))));
    }

    @GET
    @Path("version")
    public Response version() {
        return Responder.json(Json.bytes(Map.of("version", Version.get())));
    }

    private static void requireBody(Object request) {
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
    }
}
