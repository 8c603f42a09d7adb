package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built WAR in a real, standalone servlet container, deployed and configured the container's
 * usual way: it serves models, chat, a stream token by token and metrics; an undeploy lets a
 * running stream finish; and afterwards nothing of the WAR is left running or reachable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServletContainerScenarios {
    static final String MODEL = "container-model";
    static final String ADAPTER = "container-adapter";
    static final int TTFT_MS = 150;
    static final int ITL_MS = 100;
    static final Map<String, String> SETTINGS = Map.of(
            "model",
            MODEL,
            "lora",
            ADAPTER,
            "mode",
            "echo",
            "time-to-first-token",
            Integer.toString(TTFT_MS),
            "inter-token-latency",
            Integer.toString(ITL_MS),
            "shutdown-timeout",
            "20");
    static final Map<String, String> ENVIRONMENT = Map.of("POD_NAME", "sim-pod-0", "POD_NAMESPACE", "sim-it");
    /** Forty tokens in echo mode: a stream of about four seconds, longer than Tomcat's own unload wait (2 s). */
    static final String LONG_PROMPT = String.join(" ", java.util.Collections.nCopies(40, "word"));

    StandaloneContainer container;

    /** The container under test, not yet installed. */
    abstract StandaloneContainer newContainer(Path base);

    /** Checks after the undeploy that the container holds nothing of the WAR any more. */
    abstract void assertNothingLeaked() throws Exception;

    @BeforeAll
    void startContainer(@TempDir Path temp) throws Exception {
        container = newContainer(temp.resolve("base"));
        container.install(SETTINGS);
        container.start(ENVIRONMENT);
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (container != null) {
            container.close();
        }
    }

    @Test
    @Order(1)
    void servesModelsAndChatWithThePodsIdentity() {
        try (SimClient client = new SimClient(container.uri())) {
            SimClient.Reply models = client.get("/v1/models");
            assertThat(models.status()).as(models.body()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            models.json().path("data").forEach(card -> ids.add(card.path("id").asText()));
            assertThat(ids).containsExactly(MODEL, ADAPTER);
            assertThat(models.header("x-inference-pod")).isEqualTo("sim-pod-0");
            assertThat(models.header("x-inference-namespace")).isEqualTo("sim-it");
            assertThat(models.header("x-inference-port")).isEqualTo(Integer.toString(container.port));

            SimClient.Reply chat =
                    client.post("/v1/chat/completions", SimClient.chat(ADAPTER, "Hello from a container", ""));
            assertThat(chat.status()).as(chat.body()).isEqualTo(200);
            JsonNode body = chat.json();
            assertThat(body.path("model").asText()).isEqualTo(ADAPTER);
            assertThat(body.path("choices")
                            .get(0)
                            .path("message")
                            .path("content")
                            .asText())
                    .isEqualTo("Hello from a container");
        }
    }

    @Test
    @Order(2)
    void streamsTokenByTokenOnTheLatencySchedule() {
        try (SimClient client = new SimClient(container.uri())) {
            client.post("/v1/chat/completions", SimClient.chat(MODEL, "warm up", "")); // JIT and connection
            SimClient.Stream stream = client.stream(
                    "/v1/chat/completions",
                    SimClient.chat(MODEL, "one two three four five six seven eight", "\"stream\":true"));
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            List<SimClient.Event> events = stream.events();
            assertThat(events).hasSize(9);
            assertThat(events.get(8).data()).isEqualTo("[DONE]");
            double first = events.get(0).atMillis();
            assertThat(first).as("first token at %.1f ms", first).isBetween(TTFT_MS - 5.0, TTFT_MS + 1_000.0);
            double spread = events.get(7).atMillis() - first;
            assertThat(spread)
                    .as("tokens 1..8 spread over %.1f ms", spread)
                    .isBetween(7 * ITL_MS * 0.8, 7 * ITL_MS + 1_000.0);
            for (int i = 1; i < 8; i++) {
                double gap = events.get(i).atMillis() - events.get(i - 1).atMillis();
                assertThat(gap)
                        .as("gap %d is %.1f ms: tokens must not arrive in a burst", i, gap)
                        .isGreaterThan(ITL_MS / 4.0);
            }
        }
    }

    @Test
    @Order(3)
    void servesVllmMetrics() {
        try (SimClient client = new SimClient(container.uri())) {
            SimClient.Reply metrics = client.get("/metrics");
            assertThat(metrics.status()).isEqualTo(200);
            String text = metrics.body();
            assertThat(SimClient.metric(text, "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}"))
                    .isZero();
            assertThat(SimClient.metric(
                            text, "vllm:generation_tokens_total{engine=\"0\",model_name=\"" + MODEL + "\"}"))
                    .isGreaterThanOrEqualTo(8);
            assertThat(text).contains("vllm:lora_requests_info");
        }
    }

    @Test
    @Order(4)
    void undeployLetsARunningStreamFinishAndLeavesNothingBehind() throws Exception {
        try {
            undeployGracefullyWithoutLeaks();
        } catch (Exception | AssertionError e) {
            throw new AssertionError(e + "\n--- the container's log ---\n" + container.log(), e);
        }
    }

    private void undeployGracefullyWithoutLeaks() throws Exception {
        SimClient.Stream stream;
        try (SimClient client = new SimClient(container.uri())) {
            CompletableFuture<SimClient.Stream> running = CompletableFuture.supplyAsync(
                    () -> client.stream("/v1/chat/completions", SimClient.chat(MODEL, LONG_PROMPT, "\"stream\":true")));
            awaitRunning(client, 1);
            long undeployStart = System.nanoTime();
            container.undeploy();
            double undeployMillis = (System.nanoTime() - undeployStart) / 1e6;
            stream = running.get(60, TimeUnit.SECONDS);
            assertThat(undeployMillis)
                    .as("the undeploy waited for the stream (%.0f ms)", undeployMillis)
                    .isGreaterThan(1_500.0);
        }
        assertThat(stream.events()).as(stream.rawBody()).hasSize(41);
        assertThat(stream.events().get(40).data()).isEqualTo("[DONE]");
        assertThat(container.log())
                .contains("Shutting down: new requests get 503")
                .contains("llm-d-inference-sim stopped: every request thread has ended");
        assertTheStreamWasWaitedFor(container.log());

        assertNothingLeaked();
        assertNoThreadOfTheWarIsLeft();
        int status = container.stop(Duration.ofSeconds(60));
        assertThat(status).as(container.log()).isIn(0, 143);
    }

    /** Checks in the container's log who kept the context alive while the stream ran. */
    abstract void assertTheStreamWasWaitedFor(String log);

    /** A thread dump of the container shows no thread running or parked in the WAR's code. */
    void assertNoThreadOfTheWarIsLeft() throws Exception {
        String threads = StandaloneContainer.jdkTool("jcmd", Long.toString(container.pid()), "Thread.print");
        assertThat(threads)
                .contains("Full thread dump")
                .doesNotContain("io.llmd.sim.")
                .doesNotContain("org.glassfish.jersey")
                .doesNotContain("io.prometheus")
                .doesNotContain("com.fasterxml");
    }

    /** Waits until the simulator counts {@code count} requests running, as a scraper sees it. */
    private static void awaitRunning(SimClient client, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            String metrics = client.get("/metrics").body();
            if (SimClient.metric(metrics, "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}")
                    >= count) {
                return;
            }
            StandaloneContainer.sleep(50);
        }
        throw new AssertionError("no request started running within 30 s");
    }
}
