package io.llmd.sim.web;

import io.llmd.sim.api.tokens.GenerateRequest;
import io.llmd.sim.api.tokens.GenerateResponse;
import io.llmd.sim.api.tokens.GenerateStreamEncoder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.ModelTarget;
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
import java.util.Map;

/**
 * {@code /inference/v1/generate}: token ids in, token ids out, planned, admitted and timed as a
 * completion of the same prompt is; the prompt counts as many tokens as it has ids.
 */
@Path("/inference/v1/generate")
@Consumes(MediaType.APPLICATION_JSON)
public final class TokenGenerationResource {
    private final Simulator simulator;
    private final GenerationResource generations;

    TokenGenerationResource(Simulator simulator, GenerationResource generations) {
        this.simulator = simulator;
        this.generations = generations;
    }

    @POST
    public void generate(
            GenerateRequest request,
            @Context ContainerRequestContext context,
            @Context HttpServletRequest exchange,
            @Suspended AsyncResponse async) {
        long arrival = ArrivalFilter.arrival(context, simulator.clock());
        ExchangeNotes.model(context, request == null ? null : request.model());
        InjectedFailures.check(simulator, context, request);
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
        request.validate();
        ModelTarget target = simulator.catalog().resolve(request.model());
        Generation generation = simulator.plan(new GenerationRequest(
                target,
                "",
                request.tokenIds().size(),
                simulator.tokenizer().decode(request.tokenIds()),
                request.effectiveMaxTokens(),
                request.sampling(),
                null,
                request.kvTransfer(),
                // The prefix cache hashes the ids given, as vLLM does.
                request.tokenIds(),
                null));
        Map<String, Object> handOver = generations.handOver(generation, context);
        String model = target.requestedName();
        generations.respond(
                request,
                generation,
                arrival,
                "generate-tokens-",
                context,
                exchange,
                async,
                (id, created, cachedTokens) -> new GenerateStreamEncoder(
                        requestId(request, id), generation, simulator.vocabulary(), request.includeUsage()),
                (id, created, cachedTokens, answer) -> GenerateResponse.of(
                        requestId(request, id), id, created, model, answer, simulator.vocabulary(), handOver));
    }

    /** The client's request id when it gave one, as vLLM echoes it; else the answer's own id. */
    private static String requestId(GenerateRequest request, String id) {
        return request.requestId() != null ? request.requestId() : id;
    }
}
