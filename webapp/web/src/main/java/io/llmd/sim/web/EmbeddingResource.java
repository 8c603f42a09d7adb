package io.llmd.sim.web;

import io.llmd.sim.api.embeddings.EmbeddingRequest;
import io.llmd.sim.api.embeddings.EmbeddingResponse;
import io.llmd.sim.core.Embedder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.SimException;
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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code /v1/embeddings}: each input is a request the engine only prefills, as vLLM runs a pooling
 * request, so the inputs wait for a place and take their prefill time like any prompt; the answer
 * is one deterministic unit vector per input, once the prefill is over.
 */
@Path("/v1/embeddings")
@Consumes(MediaType.APPLICATION_JSON)
public final class EmbeddingResource {
    private final Simulator simulator;
    private final Responder responder;
    private final ClientWatch clients;
    private final int defaultDimensions;

    EmbeddingResource(Simulator simulator, Responder responder, ClientWatch clients, int defaultDimensions) {
        this.simulator = simulator;
        this.responder = responder;
        this.clients = clients;
        this.defaultDimensions = defaultDimensions;
    }

    @POST
    public void embed(
            EmbeddingRequest request,
            @Context ContainerRequestContext context,
            @Context HttpServletRequest exchange,
            @Suspended AsyncResponse async) {
        long arrival = RequestHead.arrive(simulator, context, request, request == null ? null : request.model());
        request.validate();
        ModelTarget target = simulator.catalog().resolve(request.model());
        List<EmbeddingRequest.Input> inputs = request.inputs(simulator.vocabulary());
        int maxModelLen = simulator.config().maxModelLen();
        List<GenerationRequest> prefills = new ArrayList<>(inputs.size());
        int promptTokens = 0;
        for (EmbeddingRequest.Input input : inputs) {
            if (input.promptTokens() > maxModelLen) {
                // vLLM's words for an input longer than the context.
                throw SimException.badRequest(
                        "This model's maximum context length is " + maxModelLen + " tokens. However, you requested "
                                + input.promptTokens() + " tokens in the input for embedding generation. Please "
                                + "reduce the length of the input.",
                        "input");
            }
            prefills.add(GenerationRequest.promptOnly(target, "", input.promptTokens()));
            promptTokens += input.promptTokens();
        }
        Generation generation = simulator.plan(prefills);
        int dimensions = request.dimensionsOr(defaultDimensions);
        String model = target.requestedName();
        String id = simulator.newId("embd-");
        long created = System.currentTimeMillis() / 1000;
        int usedTokens = promptTokens;
        Run run = simulator.admit(generation, arrival);
        ExchangeNotes.answer(context, run, false, true);
        try {
            clients.watch(exchange, run, false, false);
            responder.whole(async, run, () -> {
                List<float[]> vectors = new ArrayList<>(inputs.size());
                for (EmbeddingRequest.Input input : inputs) {
                    vectors.add(Embedder.embed(input.tokens(), dimensions));
                }
                return EmbeddingResponse.of(id, created, model, vectors, request.base64(), usedTokens);
            });
        } catch (RuntimeException e) {
            // Whatever fails once the request holds a place must give the place back.
            run.cancel();
            throw e;
        }
    }
}
