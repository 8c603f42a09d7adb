package io.llmd.sim.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.llmd.sim.core.Embedder;
import io.llmd.sim.core.FailureType;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.grpc.proto.AbortRequest;
import io.llmd.sim.grpc.proto.AbortResponse;
import io.llmd.sim.grpc.proto.EmbedRequest;
import io.llmd.sim.grpc.proto.EmbedResponse;
import io.llmd.sim.grpc.proto.GenerateRequest;
import io.llmd.sim.grpc.proto.GenerateResponse;
import io.llmd.sim.grpc.proto.GetModelInfoRequest;
import io.llmd.sim.grpc.proto.GetModelInfoResponse;
import io.llmd.sim.grpc.proto.GetServerInfoRequest;
import io.llmd.sim.grpc.proto.GetServerInfoResponse;
import io.llmd.sim.grpc.proto.HealthCheckRequest;
import io.llmd.sim.grpc.proto.HealthCheckResponse;
import io.llmd.sim.grpc.proto.TokenizedInput;
import io.llmd.sim.grpc.proto.VllmEngineGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * vLLM's {@code vllm.grpc.engine.VllmEngine} on the simulated engine: a {@code Generate} or
 * {@code Embed} is planned, admitted and timed as the HTTP API's requests are (the same scheduler,
 * latency model, failure injection and metrics), then played out on a thread of {@code workers} so
 * that no transport thread waits. Refusals are gRPC statuses ({@link Statuses}); what fails
 * unexpectedly is {@code INTERNAL}, as vLLM's servicer answers it, and leaves the server serving.
 */
final class VllmEngineService extends VllmEngineGrpc.VllmEngineImplBase {
    private static final Logger LOG = Logger.getLogger(VllmEngineService.class.getName());
    /** vLLM's name for this server in {@code GetServerInfo}. */
    static final String SERVER_TYPE = "vllm-grpc";

    private final Simulator simulator;
    private final int embeddingDimensions;
    private final BooleanSupplier healthy;
    private final Executor workers;
    private final RunningRequests running = new RunningRequests();
    private final long startMillis = System.currentTimeMillis();
    private final AtomicLong lastReceiveMillis = new AtomicLong();

    /**
     * @param embeddingDimensions the length of an {@code Embed} answer
     * @param healthy             whether the deployment serves (not starting, not shutting down)
     * @param workers             runs each admitted request's thread
     */
    VllmEngineService(Simulator simulator, int embeddingDimensions, BooleanSupplier healthy, Executor workers) {
        this.simulator = simulator;
        this.embeddingDimensions = embeddingDimensions;
        this.healthy = healthy;
        this.workers = workers;
    }

    @Override
    public void generate(GenerateRequest request, StreamObserver<GenerateResponse> responses) {
        ServerCallStreamObserver<GenerateResponse> out = (ServerCallStreamObserver<GenerateResponse>) responses;
        Run run;
        GenerateCall call;
        try {
            long arrival = received();
            checkFailures();
            GenerationRequest planned = Prompts.generation(request, simulator);
            Generation generation = simulator.plan(planned);
            run = simulator.admit(generation, arrival);
            call = new GenerateCall(request.getStream(), new Playback(run), simulator.vocabulary(), out);
        } catch (RuntimeException e) {
            refuse(out, "Generate", request.getRequestId(), e);
            return;
        }
        play(request.getRequestId(), call.playback(), out, call::play);
    }

    @Override
    public void embed(EmbedRequest request, StreamObserver<EmbedResponse> responses) {
        ServerCallStreamObserver<EmbedResponse> out = (ServerCallStreamObserver<EmbedResponse>) responses;
        Playback playback;
        List<String> tokens;
        try {
            long arrival = received();
            checkFailures();
            if (!request.hasTokenized()) {
                throw SimException.badRequest("An Embed request needs its tokenized input.", "tokenized");
            }
            TokenizedInput input = request.getTokenized();
            List<Integer> ids = Prompts.ids(input);
            int maxModelLen = simulator.config().maxModelLen();
            if (ids.size() > maxModelLen) {
                throw SimException.badRequest(
                        "This model's maximum context length is " + maxModelLen + " tokens. However, you requested "
                                + ids.size() + " tokens in the input for embedding generation. Please reduce the "
                                + "length of the input.",
                        "input_ids");
            }
            tokens = new ArrayList<>(ids.size());
            for (int id : ids) {
                tokens.add(simulator.vocabulary().token(id));
            }
            ModelTarget target = simulator.catalog().resolve(null);
            Generation generation = simulator.plan(GenerationRequest.promptOnly(target, "", ids.size()));
            playback = new Playback(simulator.admit(generation, arrival));
        } catch (RuntimeException e) {
            refuse(out, "Embed", request.getRequestId(), e);
            return;
        }
        play(request.getRequestId(), playback, out, () -> embedWhenDue(playback, tokens, out));
    }

    /**
     * Plays an embedding's prefill out, then answers its vector. An aborted one answers an empty
     * vector, as vLLM's servicer answers the empty pooling output an abort leaves.
     */
    private void embedWhenDue(Playback playback, List<String> tokens, StreamObserver<EmbedResponse> out) {
        Run run = playback.run();
        boolean aborted;
        if (!playback.attach()) {
            if (!playback.aborted()) {
                // The client went away before the request's thread began.
                return;
            }
            aborted = true;
        } else {
            try {
                run.awaitStart();
                run.awaitAnswer();
                aborted = playback.detach();
            } catch (InterruptedException e) {
                aborted = playback.detach();
                if (!aborted) {
                    // The client went away or the server stops: nobody waits for an answer.
                    return;
                }
            }
        }
        EmbedResponse.Builder answer = EmbedResponse.newBuilder().setPromptTokens(tokens.size());
        if (!aborted) {
            float[] vector = Embedder.embed(tokens, embeddingDimensions);
            run.finish();
            answer.setEmbeddingDim(vector.length);
            for (float value : vector) {
                answer.addEmbedding(value);
            }
        }
        out.onNext(answer.build());
        out.onCompleted();
    }

    /**
     * Hands an admitted request to a thread of its own, registered under its id for {@code Abort};
     * a client that cancels frees its place at once.
     */
    private void play(String id, Playback playback, ServerCallStreamObserver<?> out, Runnable body) {
        out.setOnCancelHandler(playback::cancel);
        running.add(id, playback);
        try {
            workers.execute(() -> {
                try {
                    body.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "gRPC request " + id + " failed", e);
                    try {
                        out.onError(Status.INTERNAL
                                .withDescription(String.valueOf(e.getMessage()))
                                .asRuntimeException());
                    } catch (RuntimeException ignored) {
                        // The call had ended already.
                    }
                } finally {
                    running.remove(id, playback);
                    if (!playback.run().isEnded()) {
                        playback.run().cancel();
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // The server stops: the request gives its place back.
            running.remove(id, playback);
            playback.run().cancel();
            out.onError(Status.UNAVAILABLE
                    .withDescription("The server is shutting down.")
                    .asRuntimeException());
        }
    }

    @Override
    public void healthCheck(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
        boolean serving = healthy.getAsBoolean();
        out.onNext(HealthCheckResponse.newBuilder()
                .setHealthy(serving)
                .setMessage(serving ? "Health" : "Engine is not alive")
                .build());
        out.onCompleted();
    }

    @Override
    public void abort(AbortRequest request, StreamObserver<AbortResponse> out) {
        request.getRequestIdsList().forEach(running::abort);
        out.onNext(AbortResponse.getDefaultInstance());
        out.onCompleted();
    }

    @Override
    public void getModelInfo(GetModelInfoRequest request, StreamObserver<GetModelInfoResponse> out) {
        out.onNext(GetModelInfoResponse.newBuilder()
                .setModelPath(simulator.config().model())
                .setIsGeneration(true)
                .setMaxContextLength(simulator.config().maxModelLen())
                .setVocabSize(Prompts.VOCAB_SIZE)
                .setSupportsVision(false)
                .build());
        out.onCompleted();
    }

    @Override
    public void getServerInfo(GetServerInfoRequest request, StreamObserver<GetServerInfoResponse> out) {
        long now = System.currentTimeMillis();
        out.onNext(GetServerInfoResponse.newBuilder()
                .setActiveRequests(
                        simulator.scheduler().running() + simulator.scheduler().waiting())
                .setIsPaused(simulator.scheduler().isPaused())
                .setLastReceiveTimestamp(lastReceiveMillis.get() / 1000.0)
                .setUptimeSeconds((now - startMillis) / 1000.0)
                .setServerType(SERVER_TYPE)
                .build());
        out.onCompleted();
    }

    /** Notes a request's arrival; returns it on the engine's clock. */
    private long received() {
        lastReceiveMillis.set(System.currentTimeMillis());
        return simulator.clock().nanoTime();
    }

    /**
     * The failure this call gets, if any: the one {@code x-return-error} forces (an HTTP status,
     * mapped as the Go simulator maps it), else perhaps one {@code --failure-injection-rate} draws.
     */
    private void checkFailures() {
        String forced = CallGuard.FORCED_ERROR.get();
        if (forced != null) {
            int status;
            try {
                status = Integer.parseInt(forced.trim());
            } catch (NumberFormatException e) {
                throw SimException.badRequest(
                        "The x-return-error metadata must be an HTTP status code, not '" + forced + "'.", null);
            }
            if (status < 400 || status > 599) {
                throw SimException.badRequest(
                        "The x-return-error metadata must be an error status from 400 to 599, not " + status + ".",
                        null);
            }
            throw Statuses.ofHttp(status)
                    .withDescription(
                            "Error " + status + " forced by the x-return-error metadata." + FailureType.INJECTED)
                    .asRuntimeException();
        }
        simulator.failures().maybeFail(null);
    }

    /**
     * Ends a call that could not be admitted: the engine's refusals and the statuses thrown on
     * purpose as they are, anything else as INTERNAL, logged (a bug, not the client's doing).
     */
    private static void refuse(StreamObserver<?> out, String call, String requestId, RuntimeException e) {
        switch (e) {
            case SimException refused -> out.onError(Statuses.of(refused).asRuntimeException());
            case StatusRuntimeException status -> out.onError(status);
            default -> {
                LOG.log(Level.WARNING, call + " " + requestId + " failed", e);
                out.onError(Status.INTERNAL
                        .withDescription(String.valueOf(e.getMessage()))
                        .asRuntimeException());
            }
        }
    }
}
