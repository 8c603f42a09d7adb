package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * vLLM's admission rules, seen from outside: at most max-num-seqs requests run, the rest wait in
 * order; a batch holds at most max-loras adapters; the gauges show it live; a client that goes
 * away frees its place at once.
 */
abstract class SchedulingScenarios {
    static final String MODEL = "sched-model";
    static final Map<String, String> SETTINGS = Map.of(
            // Timing is asserted here: the server warms up before it serves, as users run it.
            "warm-up",
            "true",
            "model",
            MODEL,
            "lora",
            "lora-a,lora-b",
            "mode",
            "echo",
            "max-num-seqs",
            "2",
            "max-loras",
            "1",
            "time-to-first-token",
            "700",
            "inter-token-latency",
            "100");
    static final String RUNNING = "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}";
    static final String WAITING = "vllm:num_requests_waiting{engine=\"0\",model_name=\"" + MODEL + "\"}";

    static {
        ServerLog.listen();
    }

    abstract URI base();

    /** Each test starts from an idle simulator, whatever the one before left running. */
    @BeforeEach
    void idle() throws InterruptedException {
        awaitMetrics(
                new SimClient(base()),
                text -> SimClient.metric(text, RUNNING) == 0 && SimClient.metric(text, WAITING) == 0);
    }

    @Test
    void requestsBeyondMaxNumSeqsWaitTheirTurn() throws Exception {
        SimClient client = new SimClient(base());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<SimClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replies.add(CompletableFuture.supplyAsync(
                        () -> client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "")), pool));
            }
            String metrics = awaitMetrics(client, text -> SimClient.metric(text, WAITING) == 1);
            assertThat(SimClient.metric(metrics, RUNNING)).isEqualTo(2);
            List<Double> elapsed = new ArrayList<>();
            for (CompletableFuture<SimClient.Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
                elapsed.add(reply.get().elapsedNanos() / 1e6);
            }
            elapsed.sort(Double::compare);
            assertThat(elapsed.get(1))
                    .as("the first two run at once: %s", elapsed)
                    .isLessThan(1300);
            assertThat(elapsed.get(2))
                    .as("the third waits for a place: %s", elapsed)
                    .isGreaterThan(1350);
        }
        String after = client.get("/metrics").body();
        assertThat(SimClient.metric(after, RUNNING)).isZero();
        assertThat(SimClient.metric(after, WAITING)).isZero();
    }

    @Test
    void aRequestForAnotherAdapterWaitsWhileOthersGoAhead() throws Exception {
        SimClient client = new SimClient(base());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<SimClient.Reply> a = CompletableFuture.supplyAsync(
                    () -> client.post("/v1/chat/completions", SimClient.chat("lora-a", "hi", "")), pool);
            awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 1);
            CompletableFuture<SimClient.Reply> b = CompletableFuture.supplyAsync(
                    () -> client.post("/v1/chat/completions", SimClient.chat("lora-b", "hi", "")), pool);
            // A scrape is not atomic: the gauges and the adapters' series are set one after the other.
            String metrics = awaitMetrics(
                    client,
                    text -> SimClient.metric(text, WAITING) == 1 && text.contains("waiting_lora_adapters=\"lora-b\""));
            assertThat(SimClient.metric(metrics, RUNNING))
                    .as("lora-b waits although a place is free")
                    .isEqualTo(1);
            assertThat(metrics)
                    .contains("running_lora_adapters=\"lora-a\"")
                    .contains("waiting_lora_adapters=\"lora-b\"");

            SimClient.Reply base = client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", ""));
            assertThat(base.status()).isEqualTo(200);
            assertThat(base.elapsedNanos() / 1e6)
                    .as("the base model goes ahead of lora-b")
                    .isLessThan(1300);
            assertThat(b.get().elapsedNanos()).isGreaterThan(a.get().elapsedNanos());
            assertThat(b.get().json().path("model").asText()).isEqualTo("lora-b");
        }
    }

    @Test
    void aClientThatGoesAwayFreesItsPlace() throws Exception {
        SimClient client = new SimClient(base());
        // The client must stay reachable while its streams are open: a collected HttpClient closes its connections.
        try (HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            dropOneOfTwoStreams(client, http);
        }
        awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 0);
    }

    private static void dropOneOfTwoStreams(SimClient client, HttpClient http) throws Exception {
        String longAnswer = "w ".repeat(200).trim();
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            HttpRequest request = HttpRequest.newBuilder(client.uri("/v1/chat/completions"))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(SimClient.chat(MODEL, longAnswer, "\"stream\":true")))
                    .build();
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            streams.add(response.body());
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<SimClient.Reply> third = CompletableFuture.supplyAsync(
                    () -> client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "")), pool);
            try {
                awaitMetrics(client, text -> SimClient.metric(text, WAITING) == 1);
            } catch (AssertionError e) {
                String thirdState = third.isDone()
                        ? "the third request has its answer: " + third.join().status() + " "
                                + third.join().body()
                        : "the third request has no answer yet";
                throw new AssertionError(e.getMessage() + "\n" + thirdState, e);
            }
            // Read past the first token so both streams are running, then drop one.
            streams.get(0).read(new byte[256]);
            streams.get(0).close();
            SimClient.Reply reply = third.get();
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.elapsedNanos() / 1e6)
                    .as("the third starts once a client left, not after 20 s")
                    .isLessThan(5_000);
        } finally {
            for (InputStream stream : streams) {
                stream.close();
            }
        }
    }

    @Test
    void queuedRequestsWhoseClientsWentAwayAreDroppedAtOnce() throws Exception {
        SimClient client = new SimClient(base());
        String longAnswer = SimClient.chat(MODEL, "w ".repeat(200).trim(), "\"stream\":true");
        List<Socket> running = new ArrayList<>();
        List<Socket> gone = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                running.add(RawHttp.open(
                        base(), "POST", "/v1/chat/completions", longAnswer, "Content-Type: application/json"));
            }
            awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 2);
            for (int i = 0; i < 6; i++) {
                String extra = i % 2 == 0 ? "\"stream\":true" : "";
                gone.add(RawHttp.open(
                        base(),
                        "POST",
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "hi", extra),
                        "Content-Type: application/json"));
            }
            awaitMetrics(client, text -> SimClient.metric(text, WAITING) == 6);
            for (Socket socket : gone) {
                socket.close();
            }
            long closed = System.nanoTime();
            String metrics = awaitMetrics(client, text -> SimClient.metric(text, WAITING) == 0);
            assertThat((System.nanoTime() - closed) / 1e6)
                    .as("dropped while the batch still runs")
                    .isLessThan(5_000);
            assertThat(SimClient.metric(metrics, RUNNING)).isEqualTo(2);
        } finally {
            for (Socket socket : running) {
                socket.close();
            }
        }
        awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 0);
    }

    @Test
    void aRequestThatCouldNeverFitTheKvCacheIsRefusedAndBlocksNoOne() {
        SimClient client = new SimClient(base());
        String prompt = SimClient.quote("w ".repeat(900).trim());
        String prompts = String.join(",", java.util.Collections.nCopies(20, prompt));
        SimClient.Reply reply = client.post(
                "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":[" + prompts + "],\"max_tokens\":2}");

        EndpointsScenarios.assertError(reply, 400, "BadRequestError", null);
        assertThat(reply.json().path("error").path("message").asText()).contains("never be scheduled");
        assertThat(client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", ""))
                        .status())
                .isEqualTo(200);
    }

    /** Scrapes until the condition holds (at most 10 s) and returns that scrape. */
    static String awaitMetrics(SimClient client, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String text = "";
        while (System.nanoTime() < deadline) {
            text = client.get("/metrics").body();
            if (condition.test(text)) {
                return text;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("metrics never reached the expected state:\n" + text
                + "\nthe simulator's last log lines in this JVM:\n" + ServerLog.recent());
    }
}
