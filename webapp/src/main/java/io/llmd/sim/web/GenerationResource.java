package io.llmd.sim.web;

import io.llmd.sim.api.ChatCompletionRequest;
import io.llmd.sim.api.ChatCompletionResponse;
import io.llmd.sim.api.CompletionRequest;
import io.llmd.sim.api.CompletionResponse;
import io.llmd.sim.api.GenerationParams;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.api.Usage;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code /v1/chat/completions} and {@code /v1/completions}: decode, let the core plan and admit,
 * then answer as a stream or a whole body. Everything that can be refused is refused before
 * the 200 is committed.
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
public final class GenerationResource {
    private final Simulator simulator;
    private final Responder responder;

    GenerationResource(Simulator simulator, Responder responder) {
        this.simulator = simulator;
        this.responder = responder;
    }

    @POST
    @Path("/chat/completions")
    public void chat(ChatCompletionRequest request, @Context ContainerRequestContext context,
                     @Suspended AsyncResponse async) {
        long arrival = ArrivalFilter.arrival(context, simulator.clock());
        requireBody(request);
        request.validate();
        serve(request, request.promptText(), request.lastUserText(), true, arrival, async);
    }

    @POST
    @Path("/completions")
    public void completions(CompletionRequest request, @Context ContainerRequestContext context,
                            @Suspended AsyncResponse async) {
        long arrival = ArrivalFilter.arrival(context, simulator.clock());
        requireBody(request);
        request.validate();
        serve(request, request.promptText(), request.promptText(), false, arrival, async);
    }

    private void serve(GenerationParams request, String promptText, String echoText, boolean chat, long arrival,
                       AsyncResponse async) {
        ModelTarget target = simulator.catalog().resolve(request.model());
        Generation generation = simulator.plan(
                new GenerationRequest(target, promptText, echoText, request.effectiveMaxTokens()));
        String id = simulator.newId(chat ? "chatcmpl-" : "cmpl-");
        long created = System.currentTimeMillis() / 1000;
        String model = target.requestedName();
        Run run = simulator.admit(generation, arrival);
        if (request.streaming()) {
            StreamEncoder encoder = chat
                    ? StreamEncoder.chat(id, created, model, generation.tokens())
                    : StreamEncoder.completion(id, created, model, generation.tokens());
            responder.stream(async, run, encoder, request.includeUsage());
            return;
        }
        String finishReason = generation.finishReason().value();
        Usage usage = Usage.of(generation.promptTokens(), generation.completionTokens());
        responder.whole(async, run, () -> chat
                ? ChatCompletionResponse.of(id, created, model, generation.text(), finishReason, usage)
                : CompletionResponse.of(id, created, model, generation.text(), finishReason, usage));
    }

    private static void requireBody(Object request) {
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
    }
}
