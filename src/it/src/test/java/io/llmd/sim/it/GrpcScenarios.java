package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.llmd.sim.grpc.proto.AbortRequest;
import io.llmd.sim.grpc.proto.GenerateRequest;
import io.llmd.sim.grpc.proto.GenerateResponse;
import io.llmd.sim.grpc.proto.GetModelInfoRequest;
import io.llmd.sim.grpc.proto.HealthCheckRequest;
import io.llmd.sim.grpc.proto.SamplingParams;
import io.llmd.sim.grpc.proto.TokenizedInput;
import io.llmd.sim.grpc.proto.VllmEngineGrpc;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * vLLM's gRPC service ({@code vllm.grpc.engine.VllmEngine}) on the HTTP port, called by grpc-java's
 * own client over h2c: generation with token ids streamed and not, the model's description and
 * health, an abort that ends a running stream and frees its place in the metrics, and refusals as
 * gRPC statuses that leave the server serving.
 */
abstract class GrpcScenarios {
    static final String MODEL = "grpc-model";
    static final String KEY = "grpc-it-key";
    static final Map<String, String> SETTINGS =
            Map.of("model", MODEL, "api-key", KEY, "max-model-len", "2000", "inter-token-latency", "20");

    private ManagedChannel channel;

    abstract URI base();

    @BeforeEach
    void connect() {
        channel = Grpc.newChannelBuilderForAddress(
                        base().getHost(), base().getPort(), InsecureChannelCredentials.create())
                .build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private VllmEngineGrpc.VllmEngineBlockingStub stub() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + KEY);
        return VllmEngineGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static GenerateRequest generate(String id, int maxTokens, boolean stream) {
        return GenerateRequest.newBuilder()
                .setRequestId(id)
                .setTokenized(TokenizedInput.newBuilder().addAllInputIds(List.of(101, 102, 103)))
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

    private static double running(String exposition) {
        return SimClient.metric(exposition, "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}");
    }

    @Test
    void generatesFromTokenIdsStreamedAndNot() {
        List<GenerateResponse> whole = all(stub().generate(generate("whole", 5, false)));
        assertThat(whole).singleElement().satisfies(response -> {
            assertThat(response.getComplete().getOutputIdsCount()).isEqualTo(5);
            assertThat(response.getComplete().getPromptTokens()).isEqualTo(3);
            assertThat(response.getComplete().getFinishReason()).isEqualTo("length");
        });

        List<GenerateResponse> streamed = all(stub().generate(generate("streamed", 3, true)));
        assertThat(streamed).hasSize(4);
        assertThat(streamed.subList(0, 3))
                .allSatisfy(
                        chunk -> assertThat(chunk.getChunk().getTokenIdsCount()).isEqualTo(1));
        assertThat(streamed.get(3).getComplete().getFinishReason()).isEqualTo("length");
        assertThat(streamed.get(3).getComplete().getOutputIdsList())
                .isEqualTo(streamed.get(2).getChunk().getTokenIdsList());
    }

    @Test
    void describesTheModelAndItsHealth() {
        assertThat(stub().getModelInfo(GetModelInfoRequest.getDefaultInstance()).getModelPath())
                .isEqualTo(MODEL);
        // The health check is open, as /health is.
        assertThat(VllmEngineGrpc.newBlockingStub(channel)
                        .healthCheck(HealthCheckRequest.getDefaultInstance())
                        .getHealthy())
                .isTrue();
    }

    @Test
    void abortEndsARunningStreamAndFreesItsPlace() throws InterruptedException {
        SimClient http = new SimClient(base());
        Iterator<GenerateResponse> responses = stub().generate(generate("to-abort", 1500, true));
        assertThat(responses.next().getChunk().getTokenIdsCount()).isEqualTo(1);
        SchedulingScenarios.awaitMetrics(http, text -> running(text) == 1);

        stub().abort(AbortRequest.newBuilder().addRequestIds("to-abort").build());

        List<GenerateResponse> rest = all(responses);
        assertThat(rest.get(rest.size() - 1).getComplete().getFinishReason()).isEqualTo("abort");
        // 1500 tokens at 20 ms would take 30 s: the abort, not the end of the answer, ended the stream.
        assertThat(rest.size()).isLessThan(1000);
        SchedulingScenarios.awaitMetrics(http, text -> running(text) == 0);
    }

    @Test
    void refusesWithGrpcStatusesAndGoesOnServing() {
        assertStatus(
                () -> all(stub().generate(GenerateRequest.newBuilder()
                        .setRequestId("empty")
                        .build())),
                Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> all(stub().generate(generate("too-long", 5000, false))), Status.Code.INVALID_ARGUMENT);
        assertStatus(
                () -> VllmEngineGrpc.newBlockingStub(channel).getModelInfo(GetModelInfoRequest.getDefaultInstance()),
                Status.Code.UNAUTHENTICATED);

        assertThat(all(stub().generate(generate("after", 2, false)))).hasSize(1);
        assertThat(new SimClient(base()).get("/health").status()).isEqualTo(200);
    }

    private static void assertStatus(ThrowingCallable call, Status.Code code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode())
                                .as(e.getStatus().toString())
                                .isEqualTo(code));
    }
}
