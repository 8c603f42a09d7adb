package io.llmd.sim.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import io.llmd.sim.core.EngineListener;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.RequestTrace;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.grpc.proto.AbortRequest;
import io.llmd.sim.grpc.proto.EmbedRequest;
import io.llmd.sim.grpc.proto.EmbedResponse;
import io.llmd.sim.grpc.proto.GenerateRequest;
import io.llmd.sim.grpc.proto.GenerateResponse;
import io.llmd.sim.grpc.proto.GetModelInfoRequest;
import io.llmd.sim.grpc.proto.GetModelInfoResponse;
import io.llmd.sim.grpc.proto.GetServerInfoRequest;
import io.llmd.sim.grpc.proto.HealthCheckRequest;
import io.llmd.sim.grpc.proto.SamplingParams;
import io.llmd.sim.grpc.proto.TokenizedInput;
import io.llmd.sim.grpc.proto.VllmEngineGrpc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VllmEngineServiceTest {
    private static final String KEY = "secret";

    private final List<RequestTrace> ended = new CopyOnWriteArrayList<>();
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private Simulator simulator;
    private Server server;
    private ManagedChannel channel;

    private VllmEngineGrpc.VllmEngineBlockingStub start(Duration interTokenLatency) throws Exception {
        return start(interTokenLatency, Duration.ZERO);
    }

    private VllmEngineGrpc.VllmEngineBlockingStub start(Duration interTokenLatency, Duration timeToFirstToken)
            throws Exception {
        SimOptions options = SimOptions.builder()
                .model("grpc-model")
                .maxModelLen(2000)
                .interTokenLatency(interTokenLatency)
                .timeToFirstToken(timeToFirstToken)
                .seed(7)
                .build();
        simulator = new Simulator(options.engine(), NanoClock.SYSTEM, List.of(new EngineListener() {
            @Override
            public void onRequestEnded(RequestTrace trace) {
                ended.add(trace);
            }
        }));
        String name = InProcessServerBuilder.generateName();
        VllmEngineService service = new VllmEngineService(simulator, 16, () -> true, workers);
        server = InProcessServerBuilder.forName(name)
                .directExecutor()
                .addService(ServerInterceptors.intercept(service, new CallGuard(KEY)))
                .build()
                .start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        return authorized(VllmEngineGrpc.newBlockingStub(channel));
    }

    private static VllmEngineGrpc.VllmEngineBlockingStub authorized(VllmEngineGrpc.VllmEngineBlockingStub stub) {
        Metadata headers = new Metadata();
        headers.put(CallGuard.AUTHORIZATION, "Bearer " + KEY);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
        workers.shutdownNow();
    }

    private static GenerateRequest generate(String id, int maxTokens, boolean stream) {
        return GenerateRequest.newBuilder()
                .setRequestId(id)
                .setTokenized(TokenizedInput.newBuilder().addAllInputIds(List.of(11, 12, 13, 14)))
                .setSamplingParams(
                        SamplingParams.newBuilder().setMaxTokens(maxTokens).setIgnoreEos(true))
                .setStream(stream)
                .build();
    }

    private static List<GenerateResponse> all(Iterator<GenerateResponse> responses) {
        List<GenerateResponse> all = new ArrayList<>();
        responses.forEachRemaining(all::add);
        return all;
    }

    @Test
    void answersAWholeGenerationInOneCompleteMessage() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ZERO);

        List<GenerateResponse> responses = all(stub.generate(generate("whole", 5, false)));

        assertThat(responses).hasSize(1);
        GenerateResponse.ResponseCase kind = responses.get(0).getResponseCase();
        assertThat(kind).isEqualTo(GenerateResponse.ResponseCase.COMPLETE);
        var complete = responses.get(0).getComplete();
        assertThat(complete.getOutputIdsList()).hasSize(5);
        assertThat(complete.getCompletionTokens()).isEqualTo(5);
        assertThat(complete.getPromptTokens()).isEqualTo(4);
        assertThat(complete.getFinishReason()).isEqualTo("length");
        assertThat(ended)
                .singleElement()
                .extracting(RequestTrace::finishedReason)
                .isEqualTo("length");
    }

    @Test
    void streamsOneChunkPerTokenThenRepeatsTheLastStepInTheCompleteMessage() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ZERO);

        List<GenerateResponse> responses = all(stub.generate(generate("streamed", 4, true)));

        assertThat(responses).hasSize(5);
        List<Integer> streamed = new ArrayList<>();
        for (GenerateResponse chunk : responses.subList(0, 4)) {
            assertThat(chunk.getChunk().getTokenIdsCount()).isEqualTo(1);
            assertThat(chunk.getChunk().getCompletionTokens()).isEqualTo(1);
            assertThat(chunk.getChunk().getPromptTokens()).isEqualTo(4);
            streamed.addAll(chunk.getChunk().getTokenIdsList());
        }
        var complete = responses.get(4).getComplete();
        assertThat(complete.getFinishReason()).isEqualTo("length");
        assertThat(complete.getOutputIdsList()).containsExactly(streamed.get(3));
    }

    @Test
    void abortEndsARunningStreamAtOnceAndFreesItsPlace() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ofMillis(50));

        Iterator<GenerateResponse> responses = stub.generate(generate("long", 1000, true));
        assertThat(responses.next().getChunk().getTokenIdsCount()).isEqualTo(1);
        assertThat(simulator.scheduler().running()).isEqualTo(1);
        long before = System.nanoTime();
        stub.abort(AbortRequest.newBuilder()
                .addRequestIds("long")
                .addRequestIds("unknown")
                .build());

        assertThat(simulator.scheduler().running()).isZero();
        List<GenerateResponse> rest = all(responses);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
        GenerateResponse last = rest.get(rest.size() - 1);
        assertThat(last.getComplete().getFinishReason()).isEqualTo("abort");
        assertThat(last.getComplete().getOutputIdsCount()).isZero();
        assertThat(rest.get(rest.size() - 2).getChunk().getTokenIdsCount()).isZero();
        assertThat(ended)
                .singleElement()
                .extracting(RequestTrace::finishedReason)
                .isEqualTo("abort");
    }

    @Test
    void anAbortedEmbeddingAnswersAnEmptyVector() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ZERO, Duration.ofSeconds(30));
        EmbedRequest request = EmbedRequest.newBuilder()
                .setRequestId("slow")
                .setTokenized(TokenizedInput.newBuilder().addAllInputIds(List.of(3, 4, 5)))
                .build();

        var answer = workers.submit(() -> stub.embed(request));
        // Aborts until the request is there to abort (an id that runs nothing is no error).
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            stub.abort(AbortRequest.newBuilder().addRequestIds("slow").build());
            Thread.sleep(10);
        }

        EmbedResponse aborted = answer.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(aborted.getEmbeddingCount()).isZero();
        assertThat(aborted.getPromptTokens()).isEqualTo(3);
        assertThat(ended)
                .singleElement()
                .extracting(RequestTrace::finishedReason)
                .isEqualTo("abort");
    }

    @Test
    void aClientThatCancelsFreesItsPlace() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ofMillis(50));
        Context.CancellableContext call = Context.current().withCancellation();

        Iterator<GenerateResponse> responses = call.call(() -> stub.generate(generate("gone", 1000, true)));
        assertThat(responses.next().getChunk().getTokenIdsCount()).isEqualTo(1);
        call.cancel(null);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ended.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(ended)
                .singleElement()
                .extracting(RequestTrace::finishedReason)
                .isEqualTo("abort");
        assertThat(simulator.scheduler().running()).isZero();
    }

    @Test
    void refusesBadInputWithInvalidArgumentAndGoesOnServing() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ZERO);

        for (GenerateRequest bad : List.of(
                GenerateRequest.newBuilder().setRequestId("no-input").build(),
                generate("zero", 0, false),
                GenerateRequest.newBuilder()
                        .setTokenized(TokenizedInput.newBuilder().addInputIds(-1))
                        .build(),
                generate("too-long", 5000, false))) {
            assertThatThrownBy(() -> all(stub.generate(bad)))
                    .isInstanceOfSatisfying(
                            StatusRuntimeException.class,
                            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        }
        assertThatThrownBy(() -> stub.embed(EmbedRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(all(stub.generate(generate("after", 2, false)))).hasSize(1);
        assertThat(ended).hasSize(1);
    }

    @Test
    void asksTheApiKeyExceptForTheHealthCheckAndFailsOnDemand() throws Exception {
        start(Duration.ZERO);
        VllmEngineGrpc.VllmEngineBlockingStub anonymous = VllmEngineGrpc.newBlockingStub(channel);

        assertThat(anonymous
                        .healthCheck(HealthCheckRequest.getDefaultInstance())
                        .getHealthy())
                .isTrue();
        assertThatThrownBy(() -> anonymous.getModelInfo(GetModelInfoRequest.getDefaultInstance()))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        Metadata forced = new Metadata();
        forced.put(CallGuard.RETURN_ERROR, "429");
        VllmEngineGrpc.VllmEngineBlockingStub failing =
                authorized(anonymous).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(forced));
        assertThatThrownBy(() -> all(failing.generate(generate("forced", 2, false))))
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
        assertThat(ended).isEmpty();
    }

    @Test
    void describesTheModelAndTheServer() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ZERO);

        GetModelInfoResponse model = stub.getModelInfo(GetModelInfoRequest.getDefaultInstance());
        assertThat(model.getModelPath()).isEqualTo("grpc-model");
        assertThat(model.getIsGeneration()).isTrue();
        assertThat(model.getMaxContextLength()).isEqualTo(2000);
        var info = stub.getServerInfo(GetServerInfoRequest.getDefaultInstance());
        assertThat(info.getServerType()).isEqualTo("vllm-grpc");
        assertThat(info.getActiveRequests()).isZero();
        assertThat(info.getUptimeSeconds()).isNotNegative();
    }

    @Test
    void embedsTokenIdsInADeterministicUnitVector() throws Exception {
        VllmEngineGrpc.VllmEngineBlockingStub stub = start(Duration.ZERO);
        EmbedRequest request = EmbedRequest.newBuilder()
                .setRequestId("e")
                .setTokenized(TokenizedInput.newBuilder().addAllInputIds(List.of(3, 4, 5)))
                .build();

        EmbedResponse first = stub.embed(request);
        EmbedResponse again = stub.embed(request);

        assertThat(first.getEmbeddingDim()).isEqualTo(16);
        assertThat(first.getPromptTokens()).isEqualTo(3);
        assertThat(first.getEmbeddingList()).isEqualTo(again.getEmbeddingList());
        double norm = 0;
        for (float value : first.getEmbeddingList()) {
            norm += value * value;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
}
