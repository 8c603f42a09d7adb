package io.llmd.sim.web;

import io.llmd.sim.api.ChatCompletionRequest;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.anthropic.AnthropicRequest;
import io.llmd.sim.api.anthropic.AnthropicResponse;
import io.llmd.sim.api.anthropic.AnthropicStreamEncoder;
import io.llmd.sim.api.anthropic.AnthropicTokenCount;
import io.llmd.sim.api.anthropic.AnthropicTokenCountRequest;
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
import jakarta.ws.rs.core.Response;

/**
 * {@code /v1/messages}, Anthropic's Messages API: as vLLM serves it, the request becomes the chat
 * request it means, is planned and admitted as chat's are, and its answer is told in the Messages
 * API's shapes (its errors too, through the renderer {@link ErrorRenderers} picks for this path);
 * {@code /v1/messages/count_tokens} counts such a request's prompt without running it.
 */
@Path("/v1/messages")
@Consumes(MediaType.APPLICATION_JSON)
public final class AnthropicResource {
    private final Simulator simulator;
    private final GenerationResource generations;

    AnthropicResource(Simulator simulator, GenerationResource generations) {
        this.simulator = simulator;
        this.generations = generations;
    }

    @POST
    public void messages(
            AnthropicRequest body,
            @Context ContainerRequestContext context,
            @Context HttpServletRequest exchange,
            @Suspended AsyncResponse async) {
        long arrival = RequestHead.arrive(simulator, context, body, body == null ? null : body.model());
        AnthropicRequest request = body.withSystemTurnsHoisted();
        request.validate();
        generations.respondAsChat(
                request.toChat(),
                arrival,
                "chatcmpl-",
                context,
                exchange,
                async,
                (id, created, model, generation) -> new AnthropicStreamEncoder(id, model, generation),
                (id, created, model, generation) -> AnthropicResponse.of(id, model, generation));
    }

    /**
     * {@code {"input_tokens":N,...}}: the prompt the same message request would have, counted as
     * its {@code usage.input_tokens} counts it (images included). Like vLLM's, it only renders the
     * prompt: the model must exist, but nothing is scheduled, timed, failed on demand or metered,
     * and the fields that do not make the prompt are not read at all.
     */
    @POST
    @Path("/count_tokens")
    public Response countTokens(AnthropicTokenCountRequest body, @Context ContainerRequestContext context) {
        ExchangeNotes.model(context, body == null ? null : body.model());
        if (body == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
        AnthropicRequest request = body.toMessage();
        request.validateCount();
        ChatCompletionRequest chat = request.toChat();
        chat.validate();
        simulator.catalog().resolve(chat.model());
        int tokens = simulator
                        .tokenizer()
                        .encode(chat.promptText(simulator.chatTemplate()), false)
                        .size()
                + chat.imageTokens();
        return Responder.json(Json.bytes(AnthropicTokenCount.of(tokens)));
    }
}
