package io.llmd.sim.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.ChatCompletionRequest;
import io.llmd.sim.api.CompletionRequest;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.PromptTokenizer;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * vLLM's render endpoints: the token ids a chat or completion request's prompt has, as the
 * tokenizer (and, for chat, the chat template) makes them, so that a router can hash
 * the blocks a request will use and a client can send them to {@code /inference/v1/generate}.
 * They count as {@code usage.prompt_tokens} counts, images aside (those add tokens but no ids).
 */
@Path("/v1")
@Consumes(MediaType.APPLICATION_JSON)
public final class RenderResource {
    private final Simulator simulator;

    RenderResource(Simulator simulator) {
        this.simulator = simulator;
    }

    /** {@code {"token_ids":[...]}} for the chat request's prompt. */
    @POST
    @Path("/chat/completions/render")
    public Response chat(ChatCompletionRequest request, @Context ContainerRequestContext context) {
        ExchangeNotes.model(context, request == null ? null : request.model());
        requireBody(request);
        request.validate();
        simulator.catalog().resolve(request.model());
        return Responder.json(Json.bytes(Map.of(
                "token_ids", simulator.tokenizer().encode(request.promptText(simulator.chatTemplate()), false))));
    }

    /** {@code [{"token_ids":[...]}, ...]}, one per prompt of the completion request. */
    @POST
    @Path("/completions/render")
    public Response completions(CompletionRequest request, @Context ContainerRequestContext context) {
        ExchangeNotes.model(context, request == null ? null : request.model());
        requireBody(request);
        request.validate();
        simulator.catalog().resolve(request.model());
        JsonNode prompt = request.promptNode();
        List<Map<String, List<Integer>>> rendered = new ArrayList<>();
        if (prompt.isTextual() || prompt.get(0).isNumber()) {
            rendered.add(Map.of("token_ids", ids(prompt, simulator.tokenizer())));
        } else {
            for (JsonNode item : prompt) {
                rendered.add(Map.of("token_ids", ids(item, simulator.tokenizer())));
            }
        }
        return Responder.json(Json.bytes(rendered));
    }

    /** A text's ids as the tokenizer gives them to a raw prompt, or ids as given. */
    private static List<Integer> ids(JsonNode prompt, PromptTokenizer tokenizer) {
        if (prompt.isTextual()) {
            return tokenizer.encode(prompt.textValue(), true);
        }
        List<Integer> ids = new ArrayList<>(prompt.size());
        prompt.forEach(id -> ids.add(id.intValue()));
        return ids;
    }

    private static void requireBody(Object request) {
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
    }
}
