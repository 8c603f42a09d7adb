package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.llmd.sim.grpc.proto.AbortRequest;
import io.llmd.sim.grpc.proto.EmbedRequest;
import io.llmd.sim.grpc.proto.EmbedResponse;
import io.llmd.sim.grpc.proto.GenerateRequest;
import io.llmd.sim.grpc.proto.GenerateResponse;
import io.llmd.sim.grpc.proto.GetModelInfoRequest;
import io.llmd.sim.grpc.proto.GetServerInfoRequest;
import io.llmd.sim.grpc.proto.GetServerInfoResponse;
import io.llmd.sim.grpc.proto.HealthCheckRequest;
import io.llmd.sim.grpc.proto.SamplingParams;
import io.llmd.sim.grpc.proto.TokenizedInput;
import io.llmd.sim.grpc.proto.VllmEngineGrpc;
import java.net.URI;
import java.net.http.HttpRequest;
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
 * own client over h2c: generation from token ids streamed and not and from text, embeddings, the
 * model's and the server's description and health, an abort that ends a running stream and frees
 * its place in the metrics, refusals and forced failures as gRPC statuses that leave the server
 * serving, and a plain HTTP client on the service's path refused cleanly.
 */
abstract class GrpcScenarios {
    static final String MODEL = "grpc-model";
    static final String KEY = "grpc-it-key";
    static final int DIMENSIONS = 16;
    static final Map<String, String> SETTINGS = Map.of(
            "model",
            MODEL,
            "api-key",
            KEY,
            "max-model-len",
            "2000",
            "inter-token-latency",
            "20",
            "default-embedding-dimensions",
            Integer.toString(DIMENSIONS));

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
        return stub(new Metadata());
    }

    /** A stub sending the API key and these headers with every call. */
    private VllmEngineGrpc.VllmEngineBlockingStub stub(Metadata headers) {
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
        assertThat(stub().getServerInfo(GetServerInfoRequest.getDefaultInstance())
                        .getActiveRequests())
                .isEqualTo(1);

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

    @Test
    void generatesFromTextAsTheHttpApiCountsIt() {
        String prompt = "the quick brown fox jumps";
        List<GenerateResponse> whole = all(stub().generate(GenerateRequest.newBuilder()
                .setRequestId("text")
                .setText(prompt)
                .setSamplingParams(SamplingParams.newBuilder().setMaxTokens(4).setIgnoreEos(true))
                .build()));
        int httpPromptTokens = new SimClient(base(), "Authorization", "Bearer " + KEY)
                .post("/v1/completions", "{\"prompt\":\"" + prompt + "\",\"max_tokens\":1}")
                .json()
                .at("/usage/prompt_tokens")
                .asInt();
        assertThat(whole).singleElement().satisfies(response -> {
            assertThat(response.getComplete().getOutputIdsCount()).isEqualTo(4);
            assertThat(response.getComplete().getFinishReason()).isEqualTo("length");
            assertThat(response.getComplete().getPromptTokens())
                    .isEqualTo(httpPromptTokens)
                    .isPositive();
        });

        List<GenerateResponse> streamed = all(stub().generate(GenerateRequest.newBuilder()
                .setRequestId("text-streamed")
                .setText(prompt)
                .setSamplingParams(SamplingParams.newBuilder().setMaxTokens(2).setIgnoreEos(true))
                .setStream(true)
                .build()));
        assertThat(streamed).hasSize(3);
        assertThat(streamed.get(2).getComplete().getFinishReason()).isEqualTo("length");

        assertStatus(
                () -> all(stub().generate(GenerateRequest.newBuilder()
                        .setRequestId("empty-text")
                        .setText("")
                        .build())),
                Status.Code.INVALID_ARGUMENT);
    }

    @Test
    void embedsTokenIdsInADeterministicUnitVector() {
        EmbedRequest request = EmbedRequest.newBuilder()
                .setRequestId("embed")
                .setTokenized(TokenizedInput.newBuilder().addAllInputIds(List.of(7, 8, 9, 10)))
                .build();
        EmbedResponse first = stub().embed(request);
        assertThat(first.getEmbeddingDim()).isEqualTo(DIMENSIONS);
        assertThat(first.getEmbeddingCount()).isEqualTo(DIMENSIONS);
        assertThat(first.getPromptTokens()).isEqualTo(4);
        double squares = 0;
        for (float value : first.getEmbeddingList()) {
            squares += value * value;
        }
        assertThat(Math.sqrt(squares)).isCloseTo(1.0, offset(1e-4));
        assertThat(stub().embed(request).getEmbeddingList()).isEqualTo(first.getEmbeddingList());
        // The vector /v1/embeddings gives the same ids.
        JsonNode http = new SimClient(base(), "Authorization", "Bearer " + KEY)
                .post("/v1/embeddings", "{\"input\":[7,8,9,10]}")
                .json()
                .at("/data/0/embedding");
        assertThat(http).hasSize(DIMENSIONS);
        for (int i = 0; i < DIMENSIONS; i++) {
            assertThat(http.get(i).floatValue()).isEqualTo(first.getEmbedding(i));
        }
        EmbedResponse other = stub().embed(EmbedRequest.newBuilder()
                .setRequestId("embed-other")
                .setTokenized(TokenizedInput.newBuilder().addAllInputIds(List.of(11, 12)))
                .build());
        assertThat(other.getEmbeddingList()).isNotEqualTo(first.getEmbeddingList());

        assertStatus(
                () -> stub().embed(EmbedRequest.newBuilder()
                        .setRequestId("no-input")
                        .build()),
                Status.Code.INVALID_ARGUMENT);
        assertStatus(() -> VllmEngineGrpc.newBlockingStub(channel).embed(request), Status.Code.UNAUTHENTICATED);
    }

    @Test
    void describesTheServerAndWhenItLastReceivedARequest() {
        double before = System.currentTimeMillis() / 1000.0;
        all(stub().generate(generate("before-info", 1, false)));
        GetServerInfoResponse info = stub().getServerInfo(GetServerInfoRequest.getDefaultInstance());
        assertThat(info.getServerType()).isEqualTo("vllm-grpc");
        assertThat(info.getActiveRequests()).isZero();
        assertThat(info.getIsPaused()).isFalse();
        assertThat(info.getUptimeSeconds()).isPositive();
        // Seconds since the epoch, as vLLM's servicer gives time.time(); the two clocks are the same machine's.
        assertThat(info.getLastReceiveTimestamp()).isBetween(before - 1, System.currentTimeMillis() / 1000.0 + 1);
    }

    /**
     * {@code x-return-error} forces an HTTP status, told as the status the Go simulator maps it to.
     * vLLM's own servicer, which knows no such header, answers a bad request (its ValueError, 400) with
     * {@code INVALID_ARGUMENT} and anything else that fails (500) with {@code INTERNAL}: the mapping
     * agrees with both.
     */
    @Test
    void failsOnDemandWithTheMappedStatus() {
        Map<String, Status.Code> forced = Map.of(
                "400", Status.Code.INVALID_ARGUMENT,
                "500", Status.Code.INTERNAL,
                "503", Status.Code.UNAVAILABLE,
                "429", Status.Code.RESOURCE_EXHAUSTED,
                "not-a-status", Status.Code.INVALID_ARGUMENT);
        forced.forEach((value, code) -> {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("x-return-error", Metadata.ASCII_STRING_MARSHALLER), value);
            assertStatus(() -> all(stub(headers).generate(generate("forced-" + value, 2, true))), code);
        });
        Metadata embedHeaders = new Metadata();
        embedHeaders.put(Metadata.Key.of("x-return-error", Metadata.ASCII_STRING_MARSHALLER), "503");
        assertStatus(
                () -> stub(embedHeaders)
                        .embed(EmbedRequest.newBuilder()
                                .setTokenized(TokenizedInput.newBuilder().addInputIds(1))
                                .build()),
                Status.Code.UNAVAILABLE);

        assertThat(all(stub().generate(generate("after-forced", 2, false)))).hasSize(1);
    }

    /** A client that does not speak gRPC, on the service's path: refused as the transport refuses it, never a 5xx. */
    @Test
    void refusesAPlainHttpRequestOnTheServicePath() {
        SimClient http = new SimClient(base(), "Authorization", "Bearer " + KEY);
        String path = "/" + VllmEngineGrpc.SERVICE_NAME + "/Generate";
        SimClient.Reply post = http.post(path, "{\"request_id\":\"x\"}");
        assertThat(post.status()).as(post.body()).isEqualTo(415);
        SimClient.Reply get = http.get(path);
        assertThat(get.status()).as(get.body()).isBetween(400, 499);
        SimClient.Reply grpcOverHttp1 = http.send(HttpRequest.newBuilder(http.uri(path))
                .header("Content-Type", "application/grpc")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 0, 0, 0, 0})));
        assertThat(grpcOverHttp1.status()).as(grpcOverHttp1.body()).isLessThan(500);

        assertThat(all(stub().generate(generate("after-http", 1, false)))).hasSize(1);
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
