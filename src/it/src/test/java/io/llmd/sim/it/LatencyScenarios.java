package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The realistic latency model end to end: the time to first token is the prefill time, which grows
 * with the prompt, and everything slows down as the batch fills. Bands are wide, since the
 * machines are shared and noisy.
 */
abstract class LatencyScenarios {
    static final String MODEL = "latency-model";
    static final int PREFILL_OVERHEAD_MS = 30;
    static final int PREFILL_PER_TOKEN_MS = 2;
    static final int FACTOR = 3;
    static final int MAX_NUM_SEQS = 4;
    static final Map<String, String> SETTINGS = Map.of(
            // Timing is asserted here: the server warms up before it serves, as users run it.
            "warm-up",
            "true",
            "model",
            MODEL,
            "mode",
            "echo",
            "prefill-overhead",
            Integer.toString(PREFILL_OVERHEAD_MS),
            "prefill-time-per-token",
            Integer.toString(PREFILL_PER_TOKEN_MS),
            "inter-token-latency",
            "10",
            "time-factor-under-load",
            Integer.toString(FACTOR),
            "max-num-seqs",
            Integer.toString(MAX_NUM_SEQS),
            // The same prompts are sent again and again: cached prefixes would shorten the prefills measured here.
            "enable-prefix-caching",
            "false");

    abstract URI base();

    /** A prompt of {@code words} tokens ("w", " w", ...). */
    private static String prompt(int words) {
        return "w" + " w".repeat(words - 1);
    }

    private record Timed(int promptTokens, double elapsedMs) {}

    /** A one-token answer: its time is the time to first token (and the round trip). */
    private static Timed firstToken(SimClient client, int words) {
        SimClient.Reply reply = client.post(
                "/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + prompt(words) + "\",\"max_tokens\":1}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return new Timed(reply.json().path("usage").path("prompt_tokens").asInt(), reply.elapsedNanos() / 1e6);
    }

    private static double prefillMs(int promptTokens) {
        return PREFILL_OVERHEAD_MS + PREFILL_PER_TOKEN_MS * promptTokens;
    }

    @Test
    void timeToFirstTokenGrowsWithThePromptLength() {
        SimClient client = new SimClient(base());
        firstToken(client, 3); // JIT and connection
        firstToken(client, 3);

        Timed shortPrompt = firstToken(client, 5);
        Timed longPrompt = firstToken(client, 200);

        assertThat(shortPrompt.promptTokens()).isEqualTo(5);
        assertThat(longPrompt.promptTokens()).isEqualTo(200);
        assertThat(shortPrompt.elapsedMs())
                .as("short prompt answered after %.1f ms", shortPrompt.elapsedMs())
                .isBetween(prefillMs(5) - 5, prefillMs(5) + 150);
        assertThat(longPrompt.elapsedMs())
                .as("long prompt answered after %.1f ms", longPrompt.elapsedMs())
                .isBetween(prefillMs(200) - 5, prefillMs(200) + 200);
        assertThat(longPrompt.elapsedMs() - shortPrompt.elapsedMs()).isGreaterThan(250);
    }

    @Test
    void timeToFirstTokenGrowsWithTheLoad() throws InterruptedException {
        SimClient client = new SimClient(base());
        firstToken(client, 3);
        Timed lone = firstToken(client, 50);

        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<InputStream>>> batch = new ArrayList<>();
        try {
            for (int i = 0; i < MAX_NUM_SEQS - 1; i++) {
                batch.add(http.sendAsync(longStream(client), HttpResponse.BodyHandlers.ofInputStream()));
            }
            SchedulingScenarios.awaitMetrics(client, text -> running(text) == MAX_NUM_SEQS - 1);
            Timed loaded = firstToken(client, 50);

            double expectedLone = prefillMs(50);
            double expectedLoaded = FACTOR * expectedLone;
            assertThat(lone.elapsedMs())
                    .as("lone request answered after %.1f ms", lone.elapsedMs())
                    .isBetween(expectedLone - 5, expectedLone + 150);
            assertThat(loaded.elapsedMs())
                    .as("request in a full batch answered after %.1f ms", loaded.elapsedMs())
                    .isBetween(expectedLoaded - 5, expectedLoaded + 250);
            assertThat(loaded.elapsedMs() - lone.elapsedMs()).isGreaterThan(150);
        } finally {
            http.shutdownNow();
            for (CompletableFuture<HttpResponse<InputStream>> stream : batch) {
                stream.thenAccept(response -> close(response.body()));
            }
        }
        // The streams cut off free their places at their next token; the next test starts alone.
        SchedulingScenarios.awaitMetrics(client, text -> running(text) == 0);
    }

    private static double running(String metrics) {
        return SimClient.metric(metrics, "vllm:num_requests_running{model_name=\"" + MODEL + "\"}");
    }

    /** A long streamed answer (echo mode: the prompt's 100 tokens), left running until it is cut off. */
    private static HttpRequest longStream(SimClient client) {
        return HttpRequest.newBuilder(client.uri("/v1/completions"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + MODEL + "\",\"prompt\":\"" + prompt(100)
                        + "\",\"max_tokens\":100,\"stream\":true}"))
                .build();
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException e) {
            // Already cut off.
        }
    }
}
