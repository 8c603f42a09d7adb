package io.llmd.sim.web;

import io.llmd.sim.api.ChatCompletionRequest;
import io.llmd.sim.api.ChatCompletionResponse;
import io.llmd.sim.api.CompletionRequest;
import io.llmd.sim.api.CompletionResponse;
import io.llmd.sim.api.GenerationParams;
import io.llmd.sim.api.IgnoredParams;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.api.openai.OpenAiImageChunks;
import io.llmd.sim.api.openai.OpenAiStreamEncoder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.core.TokenLogprob;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

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
    private final ClientWatch clients;
    /** The Go simulator's request header asking an omni answer for an image. */
    static final String SEND_IMAGE = "X-Send-Image";
    /** The Go simulator's request header forcing the {@code cache_threshold} outcome. */
    static final String CACHE_THRESHOLD_FINISH_REASON = "X-Cache-Threshold-Finish-Reason";
    /** A whole answer due this long after its start is worth watching for a client that goes away meanwhile. */
    private static final long LONG_ANSWER_NANOS = 1_000_000_000L;

    GenerationResource(Simulator simulator, Responder responder, ClientWatch clients) {
        this.simulator = simulator;
        this.responder = responder;
        this.clients = clients;
    }

    @POST
    @Path("/chat/completions")
    public void chat(
            ChatCompletionRequest request,
            @Context ContainerRequestContext context,
            @Context HttpServletRequest exchange,
            @Suspended AsyncResponse async) {
        long arrival = ArrivalFilter.arrival(context, simulator.clock());
        ModelTarget target = admissible(request, context, () -> request.validate());
        Generation generation = simulator.plan(new GenerationRequest(
                target,
                request.promptText(simulator.chatTemplate()),
                request.imageTokens(),
                request.lastUserText(),
                request.effectiveMaxTokens(),
                request.sampling(),
                request.structuredAnswers(
                        simulator.random(),
                        simulator.config().maxModelLen(),
                        simulator.config().toolCalls()),
                request.kvTransfer(),
                null,
                cacheSalt(request.ignored()),
                true));
        Map<String, Object> handOver = handOver(generation, context);
        String model = target.requestedName();
        // Omni mode: the answer may carry a generated image (the Go simulator's X-Send-Image).
        boolean image = simulator.config().omni().sendsImage(context.getHeaderString(SEND_IMAGE), simulator.random());
        respond(
                request,
                generation,
                arrival,
                "chatcmpl-",
                context,
                exchange,
                async,
                run -> {
                    if (image) {
                        run.generateImage();
                    }
                    cacheHitThreshold(request, context, run);
                },
                (id, created, cached) -> {
                    StreamEncoder encoder = OpenAiStreamEncoder.chat(
                                    id, created, model, generation, request.includeUsage(), request.continuousUsage())
                            .reportingCachedTokens(cached);
                    return image
                            ? new OpenAiImageChunks(
                                    encoder,
                                    id,
                                    created,
                                    model,
                                    generation.choices().size())
                            : encoder;
                },
                (id, created, cached, answer) -> {
                    ChatCompletionResponse whole = ChatCompletionResponse.of(id, created, model, answer)
                            .withKvTransferParams(handOver)
                            .withCachedTokens(cached);
                    return image ? whole.withImage() : whole;
                });
    }

    @POST
    @Path("/completions")
    public void completions(
            CompletionRequest request,
            @Context ContainerRequestContext context,
            @Context HttpServletRequest exchange,
            @Suspended AsyncResponse async) {
        long arrival = ArrivalFilter.arrival(context, simulator.clock());
        ModelTarget target = admissible(request, context, () -> request.validate());
        List<CompletionRequest.Prompt> prompts = request.prompts(simulator.vocabulary());
        List<GenerationRequest> plans = new ArrayList<>();
        String cacheSalt = cacheSalt(request.ignored());
        for (CompletionRequest.Prompt prompt : prompts) {
            // A prompt of token ids counts as many tokens as it has ids, whatever their text.
            boolean ids = prompt.tokenIds() >= 0;
            plans.add(new GenerationRequest(
                    target,
                    ids ? "" : prompt.text(),
                    ids ? prompt.tokenIds() : 0,
                    prompt.text(),
                    request.effectiveMaxTokens(),
                    request.sampling(),
                    null,
                    request.kvTransfer(),
                    prompt.ids(),
                    cacheSalt));
        }
        Generation generation = simulator.plan(plans);
        Map<String, Object> handOver = handOver(generation, context);
        List<String> echoes = null;
        List<List<TokenLogprob>> echoLogprobs = null;
        if (request.echoes()) {
            echoes = new ArrayList<>();
            int top = request.sampling().logprobs();
            echoLogprobs = top < 0 ? null : new ArrayList<>();
            List<TokenLogprob> promptLogprobs = null;
            for (int i = 0; i < generation.choices().size(); i++) {
                String prompt = prompts.get(i / request.choices()).text();
                echoes.add(prompt);
                if (echoLogprobs != null) {
                    // One prompt's log probabilities are the same for each of its n choices.
                    if (i % request.choices() == 0) {
                        promptLogprobs = simulator.promptLogprobs(prompt, top);
                    }
                    echoLogprobs.add(promptLogprobs);
                }
            }
        }
        List<String> echoed = echoes;
        List<List<TokenLogprob>> echoedLogprobs = echoLogprobs;
        String model = target.requestedName();
        respond(
                request,
                generation,
                arrival,
                "cmpl-",
                context,
                exchange,
                async,
                run -> cacheHitThreshold(request, context, run),
                (id, created, cached) -> OpenAiStreamEncoder.completion(
                                id,
                                created,
                                model,
                                generation,
                                echoed,
                                echoedLogprobs,
                                request.includeUsage(),
                                request.continuousUsage())
                        .reportingCachedTokens(cached),
                (id, created, cached, answer) -> CompletionResponse.of(
                                id, created, model, answer, echoed, echoedLogprobs)
                        .withKvTransferParams(handOver)
                        .withCachedTokens(cached));
    }

    /** Everything that refuses a request before it is planned: injected failures, its shape, its model. */
    private ModelTarget admissible(GenerationParams request, ContainerRequestContext context, Runnable validation) {
        ExchangeNotes.model(context, request == null ? null : request.model());
        InjectedFailures.check(simulator, context, request);
        requireBody(request);
        validation.run();
        return simulator.catalog().resolve(request.model());
    }

    /**
     * Admits a planned request and answers it as a stream or, once it is all due, as one body;
     * other protocols that plan a chat request answer through it too.
     */
    void respond(
            GenerationParams request,
            Generation generation,
            long arrival,
            String idPrefix,
            ContainerRequestContext context,
            HttpServletRequest exchange,
            AsyncResponse async,
            StreamAnswer stream,
            WholeAnswer whole) {
        respond(request, generation, arrival, idPrefix, context, exchange, async, run -> {}, stream, whole);
    }

    /**
     * @param setup what the request asks of its run before it plays: an omni image, which ends it
     *              later ({@link Run#generateImage}), or a cache-hit threshold
     */
    private void respond(
            GenerationParams request,
            Generation generation,
            long arrival,
            String idPrefix,
            ContainerRequestContext context,
            HttpServletRequest exchange,
            AsyncResponse async,
            Consumer<Run> setup,
            StreamAnswer stream,
            WholeAnswer whole) {
        String id = simulator.newId(idPrefix);
        long created = System.currentTimeMillis() / 1000;
        Run run = simulator.admit(generation, arrival);
        ExchangeNotes.answer(context, run, request.streaming(), !request.streaming() || request.includeUsage());
        try {
            setup.accept(run);
            // vLLM reports cached prompt tokens only with --enable-prompt-tokens-details.
            IntSupplier cached = simulator.config().prefixCache().promptTokensDetails() ? run::cachedTokens : () -> 0;
            StreamEncoder encoder = request.streaming() ? stream.answer(id, created, cached) : null;
            SimConfig config = simulator.config();
            boolean longAnswer = config.timeToFirstToken().toNanos()
                            + generation.steps() * config.interTokenLatency().toNanos()
                    >= LONG_ANSWER_NANOS;
            clients.watch(exchange, run, encoder != null, longAnswer);
            if (encoder != null) {
                responder.stream(async, run, encoder, ErrorRenderers.forRequest(context));
            } else {
                responder.whole(async, run, answer -> whole.answer(id, created, cached.getAsInt(), answer));
            }
        } catch (RuntimeException e) {
            // Whatever fails once the request holds a place must give the place back.
            run.cancel();
            throw e;
        }
    }

    /**
     * Answers another protocol's request that means a chat request (vLLM turns Anthropic's
     * Messages and OpenAI's Responses into one): {@code chat} is checked, planned and admitted as
     * chat's own requests are, and the answer is told in that protocol's shapes.
     */
    void respondAsChat(
            ChatCompletionRequest chat,
            long arrival,
            String idPrefix,
            ContainerRequestContext context,
            HttpServletRequest exchange,
            AsyncResponse async,
            ChatStream stream,
            ChatWhole whole) {
        chat.validate();
        ModelTarget target = simulator.catalog().resolve(chat.model());
        Generation generation = simulator.plan(new GenerationRequest(
                target,
                chat.promptText(simulator.chatTemplate()),
                chat.imageTokens(),
                chat.lastUserText(),
                chat.effectiveMaxTokens(),
                chat.sampling(),
                chat.structuredAnswers(
                        simulator.random(),
                        simulator.config().maxModelLen(),
                        simulator.config().toolCalls()),
                chat.kvTransfer(),
                null,
                null,
                true));
        String model = target.requestedName();
        respond(
                chat,
                generation,
                arrival,
                idPrefix,
                context,
                exchange,
                async,
                (id, created, cachedTokens) -> stream.answer(id, created, model, generation),
                (id, created, cachedTokens, answer) -> whole.answer(id, created, model, answer));
    }

    /** A chat-meaning protocol's stream encoder for the planned answer. */
    interface ChatStream {
        StreamEncoder answer(String id, long created, String model, Generation generation);
    }

    /** A chat-meaning protocol's whole answer. */
    interface ChatWhole {
        Object answer(String id, long created, String model, Generation generation);
    }

    /** A streamed answer's encoder, built once the request is admitted. */
    interface StreamAnswer {
        StreamEncoder answer(String id, long created, IntSupplier cachedTokens);
    }

    /**
     * A whole answer's body, built when its last token is due, of {@code answer}: the planned one,
     * or what an aborted request had by then.
     */
    interface WholeAnswer {
        Object answer(String id, long created, int cachedTokens, Generation answer);
    }

    /**
     * Holds a chat or completion request to the Go simulator's cache-hit threshold: its own
     * {@code cache_hit_threshold}, else {@code --global-cache-hit-threshold} (with prefix caching
     * on); {@code X-Cache-Threshold-Finish-Reason: true} forces the outcome whatever the cache holds.
     */
    private void cacheHitThreshold(GenerationParams request, ContainerRequestContext context, Run run) {
        String header = context.getHeaderString(CACHE_THRESHOLD_FINISH_REASON);
        boolean force = header != null && Boolean.parseBoolean(header.trim());
        double threshold = simulator.config().prefixCache().cacheHitThreshold(request.cacheHitThreshold());
        if (force || threshold >= 0) {
            run.cacheHitThreshold(threshold, force);
        }
    }

    /**
     * A request's {@code cache_salt}: only prompts with the same salt share cached blocks. vLLM
     * refuses an empty one.
     */
    private static @Nullable String cacheSalt(@Nullable IgnoredParams params) {
        String salt = params == null ? null : params.cacheSalt();
        if (salt != null && salt.isEmpty()) {
            throw SimException.badRequest(
                    "Parameter 'cache_salt' must be a non-empty string if provided.", "cache_salt");
        }
        return salt;
    }

    /**
     * What a prefill-only request hands its decode instance, in vLLM's {@code kv_transfer_params}
     * shape: where the prompt's KV-cache blocks are. Null for any other request.
     */
    @Nullable
    Map<String, Object> handOver(Generation generation, ContainerRequestContext context) {
        if (generation.kvTransfer() != Generation.KvTransfer.PREFILL_ONLY) {
            return null;
        }
        URI base = context.getUriInfo().getBaseUri();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("do_remote_prefill", true);
        params.put("do_remote_decode", false);
        params.put("remote_block_ids", simulator.remoteBlockIds(generation.promptTokens()));
        params.put("remote_engine_id", simulator.engineId());
        params.put("remote_host", base.getHost());
        params.put("remote_port", base.getPort());
        params.put("tp_size", 1);
        return params;
    }

    private static void requireBody(Object request) {
        if (request == null) {
            throw SimException.badRequest("The request body must be a JSON object.", null);
        }
    }
}
