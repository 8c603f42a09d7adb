package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Operating a replica at run time: vLLM's sleep mode and the administration API (behind
 * {@code --api-key}), both opened by vLLM's {@code VLLM_SERVER_DEV_MODE=1}: the launcher's
 * environment variable, the WAR's context init-param. Each scenario leaves the server awake and
 * with its start-up latency.
 */
abstract class OperationsScenarios {
    static final String MODEL = "ops-model";
    static final String KEY = "ops-key";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "mode", "echo",
            "max-num-seqs", "2",
            "enable-sleep-mode", "true",
            "VLLM_SERVER_DEV_MODE", "1",
            "api-key", KEY);
    private static final String RUNNING = "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}";
    private static final String WAITING = "vllm:num_requests_waiting{engine=\"0\",model_name=\"" + MODEL + "\"}";
    private static final String ABORTED =
            "vllm:request_success_total{engine=\"0\",finished_reason=\"abort\",model_name=\"" + MODEL + "\"}";

    abstract URI base();

    private SimClient client() {
        return new SimClient(base(), "Authorization", "Bearer " + KEY);
    }

    /** What echo mode answers the chat requests here with. */
    private static final String ECHOED = "one two three four five six seven eight nine ten";

    private static String chat(int maxTokens) {
        return SimClient.chat(MODEL, ECHOED, "\"max_tokens\":" + maxTokens);
    }

    @AfterEach
    void awakeWithStartUpLatency() {
        try (SimClient client = client()) {
            assertThat(client.post("/wake_up", "").status()).isEqualTo(200);
            assertThat(client.post(
                                    "/admin/config",
                                    "{\"time-to-first-token\":0,\"inter-token-latency\":0,\"failure-injection-rate\":0}")
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void sleepsAndWakesAsVllm() {
        try (SimClient client = client()) {
            assertThat(client.get("/is_sleeping").json().path("is_sleeping").asBoolean())
                    .isFalse();

            SimClient.Reply slept = client.post("/sleep?level=1", "");
            assertThat(slept.status()).isEqualTo(200);
            assertThat(slept.body()).isEmpty();
            assertThat(client.get("/is_sleeping").json().path("is_sleeping").asBoolean())
                    .isTrue();
            assertThat(client.get("/health").status()).isEqualTo(200);
            assertThat(client.post("/wake_up?tags=weights", "").status()).isEqualTo(200);
            assertThat(client.get("/is_sleeping").json().path("is_sleeping").asBoolean())
                    .as("the KV cache still sleeps")
                    .isTrue();
            assertThat(client.post("/wake_up?tags=kv_cache", "").status()).isEqualTo(200);
            assertThat(client.get("/is_sleeping").json().path("is_sleeping").asBoolean())
                    .isFalse();

            SimClient.Reply bad = client.post("/sleep?level=3", "");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("error").path("type").asText()).isEqualTo("BadRequestError");
        }
    }

    @Test
    void aRequestSentToASleepingEngineWaitsForItsWakeUp() throws Exception {
        try (SimClient client = client()) {
            client.post("/sleep", "");
            CompletableFuture<SimClient.Reply> reply =
                    CompletableFuture.supplyAsync(() -> client.post("/v1/chat/completions", chat(3)));

            String metrics = SchedulingScenarios.awaitMetrics(client, text -> SimClient.metric(text, WAITING) == 1);
            assertThat(SimClient.metric(metrics, RUNNING)).isZero();
            assertThat(SimClient.metric(metrics, "vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"" + MODEL + "\"}"))
                    .isZero();
            assertThat(reply).isNotDone();

            client.post("/wake_up", "");
            SimClient.Reply answer = reply.get(10, TimeUnit.SECONDS);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(answer.json()
                            .path("choices")
                            .path(0)
                            .path("message")
                            .path("content")
                            .asText())
                    .isEqualTo("one two three");
        }
    }

    @Test
    void sleepingAbortsTheRequestsRunning() throws Exception {
        try (SimClient client = client()) {
            client.post("/admin/config", "{\"inter-token-latency\":200}");
            double abortedBefore = SimClient.metric(client.get("/metrics").body(), ABORTED);
            long start = System.nanoTime();
            CompletableFuture<SimClient.Reply> reply =
                    CompletableFuture.supplyAsync(() -> client.post("/v1/chat/completions", chat(40)));
            SchedulingScenarios.awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 1);

            assertThat(client.post("/sleep?level=1&mode=abort", "").status()).isEqualTo(200);

            SimClient.Reply answer = reply.get(10, TimeUnit.SECONDS);
            assertThat(System.nanoTime() - start)
                    .as("aborted long before its 8 s")
                    .isLessThan(TimeUnit.SECONDS.toNanos(5));
            // As vLLM: the answer so far, ended by the abort.
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode choice = answer.json().path("choices").path(0);
            assertThat(choice.path("finish_reason").asText()).isEqualTo("abort");
            String content = choice.path("message").path("content").asText();
            assertThat(ECHOED).startsWith(content);
            assertThat(content).isNotEqualTo(ECHOED);
            assertThat(answer.json().path("usage").path("completion_tokens").asInt())
                    .isLessThan(10);
            SchedulingScenarios.awaitMetrics(client, text -> SimClient.metric(text, ABORTED) == abortedBefore + 1);
        }
    }

    @Test
    void sleepingEndsARunningStreamWithFinishReasonAbort() throws Exception {
        try (SimClient client = client()) {
            client.post("/admin/config", "{\"inter-token-latency\":200}");
            String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + "word ".repeat(30)
                    + "\",\"max_tokens\":30,\"stream\":true}";
            CompletableFuture<SimClient.Stream> stream =
                    CompletableFuture.supplyAsync(() -> client.stream("/v1/completions", body));
            SchedulingScenarios.awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 1);

            client.post("/sleep?mode=abort", "");

            SimClient.Stream events = stream.get(10, TimeUnit.SECONDS);
            assertThat(events.status()).isEqualTo(200);
            List<SimClient.Event> all = events.events();
            assertThat(all.getLast().data()).isEqualTo("[DONE]");
            assertThat(all.get(all.size() - 2)
                            .json()
                            .path("choices")
                            .path(0)
                            .path("finish_reason")
                            .asText())
                    .as("vLLM's last event of an aborted request")
                    .isEqualTo("abort");
            assertThat(all).noneMatch(event -> event.data().contains("\"error\""));
            assertThat(all.size()).as("ended long before its 30 tokens").isLessThan(30);
        }
    }

    @Test
    void sleepingEndsARunningMessagesStreamAsVllmMapsTheAbort() throws Exception {
        try (SimClient client = client()) {
            client.post("/admin/config", "{\"inter-token-latency\":200}");
            String body = "{\"model\":\"" + MODEL + "\",\"max_tokens\":30,\"stream\":true,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"" + "word ".repeat(30) + "\"}]}";
            CompletableFuture<SimClient.Stream> stream =
                    CompletableFuture.supplyAsync(() -> client.stream("/v1/messages", body));
            SchedulingScenarios.awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 1);

            client.post("/sleep?mode=abort", "");

            SimClient.Stream events = stream.get(10, TimeUnit.SECONDS);
            assertThat(events.status()).isEqualTo(200);
            assertThat(events.rawBody())
                    .contains("\"stop_reason\":\"end_turn\"")
                    .contains("event: message_stop")
                    .doesNotContain("\"error\"");
        }
    }

    @Test
    void aLatencyChangeTakesEffectOnTheNextRequestNotOnARunningOne() throws Exception {
        try (SimClient client = client()) {
            client.post("/admin/config", "{\"inter-token-latency\":150}");
            CompletableFuture<SimClient.Reply> slow =
                    CompletableFuture.supplyAsync(() -> client.post("/v1/chat/completions", chat(6)));
            SchedulingScenarios.awaitMetrics(client, text -> SimClient.metric(text, RUNNING) == 1);

            SimClient.Reply changed = client.post("/admin/config", "{\"inter-token-latency\":0}");
            SimClient.Reply fast = client.post("/v1/chat/completions", chat(6));

            assertThat(changed.json().path("inter-token-latency").path("value").asText())
                    .isEqualTo("0");
            assertThat(changed.json().path("inter-token-latency").path("origin").asText())
                    .isEqualTo("admin");
            assertThat(fast.status()).isEqualTo(200);
            assertThat(fast.elapsedNanos()).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            SimClient.Reply slowAnswer = slow.get(10, TimeUnit.SECONDS);
            assertThat(slowAnswer.status()).isEqualTo(200);
            assertThat(slowAnswer.elapsedNanos())
                    .as("five gaps of 150 ms, as admitted")
                    .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(700));
        }
    }

    @Test
    void aFailureRateChangeTakesEffectOnTheNextRequest() {
        try (SimClient client = client()) {
            SimClient.Reply changed =
                    client.post("/admin/config", "{\"failure-injection-rate\":100,\"failure-types\":\"rate_limit\"}");
            SimClient.Reply failed = client.post("/v1/chat/completions", chat(2));
            client.post("/admin/config", "{\"failure-injection-rate\":0}");
            SimClient.Reply served = client.post("/v1/chat/completions", chat(2));

            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(failed.status()).as(failed.body()).isEqualTo(429);
            assertThat(failed.json().path("error").path("type").asText()).isEqualTo("RateLimitError");
            assertThat(served.status()).as(served.body()).isEqualTo(200);
        }
    }

    @Test
    void adminConfigShowsEachSettingWithItsOriginBehindTheApiKey() {
        try (SimClient client = client();
                SimClient anonymous = new SimClient(base())) {
            assertThat(anonymous.get("/admin/config").status()).isEqualTo(401);
            assertThat(anonymous.get("/is_sleeping").status())
                    .as("open, as vLLM's")
                    .isEqualTo(200);

            JsonNode config = client.get("/admin/config").json();
            assertThat(config.path("model").path("value").asText()).isEqualTo(MODEL);
            assertThat(config.path("model").path("origin").asText()).isEqualTo("flag");
            assertThat(config.path("max-num-seqs").path("value").asText()).isEqualTo("2");
            assertThat(config.path("max-loras").path("origin").asText()).isEqualTo("default");
        }
    }

    @Test
    void adminConfigRefusesBadChangesWholeWithVllmsBody() {
        try (SimClient client = client()) {
            for (String body : List.of(
                    "{\"max-num-seqs\":4}",
                    "{\"time-to-first-token\":100,\"failure-injection-rate\":101}",
                    "{\"time-to-first-token-std-dev\":50}",
                    "{\"failure-types\":\"no_such_failure\"}",
                    "not json",
                    "[]")) {
                SimClient.Reply reply = client.post("/admin/config", body);
                assertThat(reply.status()).as(body).isEqualTo(400);
                assertThat(reply.json().path("error").path("type").asText()).isEqualTo("BadRequestError");
            }
            assertThat(client.get("/admin/config")
                            .json()
                            .path("time-to-first-token")
                            .path("value")
                            .asText())
                    .isEqualTo("0");
        }
    }
}
