package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * vLLM's whole metric set, and values that are the truth about what clients saw: latencies,
 * token counts, KV-cache usage, preemptions; plus run-time LoRA management and the queue bound.
 */
abstract class MetricsScenarios {
    static final String MODEL = "metrics-model";
    static final String LABEL = "{engine=\"0\",model_name=\"" + MODEL + "\"}";
    static final Map<String, String> SETTINGS = Map.of(
            // Timing is asserted here: the server warms up before it serves, as users run it.
            "warm-up",
            "true",
            "model",
            MODEL,
            "mode",
            "echo",
            "time-to-first-token",
            "100",
            "inter-token-latency",
            "20",
            "max-num-seqs",
            "2",
            "max-waiting-queue-length",
            "1",
            "max-loras",
            "2",
            "kv-cache-size",
            "64",
            "block-size",
            "16");

    abstract URI base();

    SimClient client() {
        return new SimClient(base());
    }

    @Test
    void exposesEveryVllmMetricWithItsTypeAndLabels() {
        String text = client().get("/metrics").body();
        for (String gauge : List.of(
                "vllm:num_requests_running",
                "vllm:num_requests_waiting",
                "vllm:kv_cache_usage_perc",
                "vllm:lora_requests_info",
                "vllm:cache_config_info")) {
            assertThat(text).contains("# TYPE " + gauge + " gauge");
        }
        for (String counter : List.of(
                "vllm:prompt_tokens",
                "vllm:generation_tokens",
                "vllm:request_success",
                "vllm:num_preemptions",
                "vllm:prefix_cache_queries",
                "vllm:prefix_cache_hits")) {
            assertThat(text).contains("# TYPE " + counter + "_total counter").contains(counter + "_total{");
        }
        for (String histogram : List.of(
                "vllm:time_to_first_token_seconds",
                "vllm:inter_token_latency_seconds",
                "vllm:request_time_per_output_token_seconds",
                "vllm:e2e_request_latency_seconds",
                "vllm:request_queue_time_seconds",
                "vllm:request_inference_time_seconds",
                "vllm:request_prefill_time_seconds",
                "vllm:request_decode_time_seconds",
                "vllm:request_prompt_tokens",
                "vllm:request_generation_tokens",
                "vllm:request_params_max_tokens",
                "vllm:request_max_num_generation_tokens",
                "vllm:request_params_n",
                "vllm:iteration_tokens_total")) {
            assertThat(text)
                    .contains("# TYPE " + histogram + " histogram")
                    .contains(histogram + "_bucket{engine=\"0\",model_name=\"" + MODEL + "\",le=\"+Inf\"}");
        }
        assertThat(text)
                .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"" + MODEL
                        + "\",le=\"0.001\"}")
                .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"" + MODEL
                        + "\",le=\"2560.0\"}")
                .contains("vllm:inter_token_latency_seconds_bucket{engine=\"0\",model_name=\"" + MODEL
                        + "\",le=\"0.075\"}")
                .contains("vllm:e2e_request_latency_seconds_bucket{engine=\"0\",model_name=\"" + MODEL
                        + "\",le=\"7680.0\"}")
                .contains("vllm:request_prompt_tokens_bucket{engine=\"0\",model_name=\"" + MODEL + "\",le=\"1000.0\"}")
                .contains("vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"" + MODEL
                        + "\"}")
                .contains("vllm:cache_config_info{block_size=\"16\"");
    }

    @Test
    void servesOpenMetricsWhenTheScraperAsksForIt() {
        SimClient.Reply reply = client().send(java.net.http.HttpRequest.newBuilder(client().uri("/metrics"))
                .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                .GET());
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/openmetrics-text");
        assertThat(reply.body())
                .contains("# TYPE vllm:prompt_tokens counter")
                .contains("vllm:prompt_tokens_total{engine=\"0\",model_name=\"" + MODEL + "\"}")
                .endsWith("# EOF\n");
    }

    @Test
    void latencyAndTokenMetricsMatchWhatClientsSaw() {
        SimClient client = client();
        for (int i = 0; i < 3; i++) { // JIT and connections: the band below is tight
            client.stream("/v1/chat/completions", SimClient.chat(MODEL, "warm up", "\"stream\":true"));
        }
        String before = client.get("/metrics").body();
        double clientTtftSum = 0;
        int promptTokens = 0;
        int completionTokens = 0;
        int requests = 4;
        for (int i = 0; i < requests; i++) {
            SimClient.Stream stream = client.stream(
                    "/v1/chat/completions",
                    SimClient.chat(
                            MODEL,
                            "tokens number " + i + " of the run",
                            "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
            clientTtftSum += stream.events().get(0).atNanos() / 1e9;
            JsonNode usage =
                    stream.events().get(stream.events().size() - 2).json().path("usage");
            promptTokens += usage.path("prompt_tokens").asInt();
            completionTokens += usage.path("completion_tokens").asInt();
        }
        String after = client.get("/metrics").body();
        double ttftSum = delta(before, after, "vllm:time_to_first_token_seconds_sum" + LABEL);
        assertThat(delta(before, after, "vllm:time_to_first_token_seconds_count" + LABEL))
                .isEqualTo(requests);
        // The engine records a token when it is due (as vLLM's engine records it when produced): the
        // configured time, never later than the clients saw it.
        assertThat(ttftSum)
                .as("server TTFT sum %.4f s vs clients' %.4f s", ttftSum, clientTtftSum)
                .isBetween(requests * 0.100 - 0.001, clientTtftSum + 0.001 * requests);
        assertThat(delta(before, after, "vllm:prompt_tokens_total" + LABEL)).isEqualTo(promptTokens);
        assertThat(delta(before, after, "vllm:generation_tokens_total" + LABEL)).isEqualTo(completionTokens);
        assertThat(delta(
                        before,
                        after,
                        "vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"" + MODEL
                                + "\"}"))
                .isEqualTo(requests);
        assertThat(delta(before, after, "vllm:inter_token_latency_seconds_count" + LABEL))
                .isEqualTo(completionTokens - requests);
        double itlMean =
                delta(before, after, "vllm:inter_token_latency_seconds_sum" + LABEL) / (completionTokens - requests);
        assertThat(itlMean).isBetween(0.018, 0.035);
        assertThat(delta(before, after, "vllm:e2e_request_latency_seconds_count" + LABEL))
                .isEqualTo(requests);
    }

    @Test
    void theEngineFiguresOfWholeAnswersFollowTheLatencyModel() {
        SimClient client = client();
        String before = client.get("/metrics").body();
        for (String text : List.of("a b c d e", "a b c d e f g h i j")) {
            assertThat(client.post("/v1/chat/completions", SimClient.chat(MODEL, text, ""))
                            .status())
                    .isEqualTo(200);
        }
        String after = client.get("/metrics").body();
        double ttftMean = delta(before, after, "vllm:time_to_first_token_seconds_sum" + LABEL)
                / delta(before, after, "vllm:time_to_first_token_seconds_count" + LABEL);
        double itlMean = delta(before, after, "vllm:inter_token_latency_seconds_sum" + LABEL)
                / delta(before, after, "vllm:inter_token_latency_seconds_count" + LABEL);
        assertThat(delta(before, after, "vllm:inter_token_latency_seconds_count" + LABEL))
                .isEqualTo(4 + 9);
        assertThat(ttftMean).as("time to first token, configured 100 ms").isCloseTo(0.100, within(0.003));
        assertThat(itlMean).as("inter-token latency, configured 20 ms").isCloseTo(0.020, within(0.0006));
    }

    @Test
    void kvCacheUsageRisesWithARunningRequestAndFallsAfterIt() throws Exception {
        SimClient client = client();
        client.get("/metrics"); // a cold server's first scrape is slow
        // 200 words, 207 tokens with the chat template's: 13 blocks of 16, up to 20 as 100 more are generated
        String prompt = "w ".repeat(200).trim();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<SimClient.Reply> reply = CompletableFuture.supplyAsync(
                    () -> client.post(
                            "/v1/chat/completions",
                            SimClient.chat(MODEL, prompt, "\"max_tokens\":100,\"ignore_eos\":true")),
                    pool);
            String during = SchedulingScenarios.awaitMetrics(
                    client, text -> SimClient.metric(text, "vllm:kv_cache_usage_perc" + LABEL) > 0);
            assertThat(SimClient.metric(during, "vllm:kv_cache_usage_perc" + LABEL))
                    .isBetween(13 / 64.0, 20 / 64.0);
            assertThat(reply.get().status()).isEqualTo(200);
        }
        SchedulingScenarios.awaitMetrics(
                client, text -> SimClient.metric(text, "vllm:kv_cache_usage_perc" + LABEL) == 0);
    }

    @Test
    void aFullCachePreemptsTheNewestRequestWhichStillFinishes() throws Exception {
        SimClient client = client();
        // 500 tokens: 32 blocks each; two fill the cache (two different prompts: the same one would share its
        // blocks through the prefix cache)
        List<String> prompts = List.of("w ".repeat(500).trim(), "v ".repeat(500).trim());
        double before = SimClient.metric(client.get("/metrics").body(), "vllm:num_preemptions_total" + LABEL);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<SimClient.Reply>> replies = new ArrayList<>();
            for (String prompt : prompts) {
                replies.add(CompletableFuture.supplyAsync(
                        () -> client.post(
                                "/v1/completions",
                                "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + prompt + "\",\"max_tokens\":30}"),
                        pool));
            }
            for (CompletableFuture<SimClient.Reply> reply : replies) {
                assertThat(reply.get().status()).isEqualTo(200);
                assertThat(reply.get()
                                .json()
                                .path("usage")
                                .path("completion_tokens")
                                .asInt())
                        .isEqualTo(30);
            }
        }
        String after = client.get("/metrics").body();
        assertThat(SimClient.metric(after, "vllm:num_preemptions_total" + LABEL))
                .isGreaterThan(before);
        assertThat(SimClient.metric(after, "vllm:kv_cache_usage_perc" + LABEL)).isZero();
    }

    @Test
    void loraAdaptersLoadAndUnloadLive() {
        SimClient client = client();
        assertThat(client.post("/v1/chat/completions", SimClient.chat("live-lora", "hi", ""))
                        .status())
                .isEqualTo(404);

        SimClient.Reply loaded =
                client.post("/v1/load_lora_adapter", "{\"lora_name\":\"live-lora\",\"lora_path\":\"/adapters/live\"}");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        JsonNode models = client.get("/v1/models").json();
        assertThat(models.toString()).contains("\"id\":\"live-lora\"").contains("\"root\":\"/adapters/live\"");
        SimClient.Reply used = client.post("/v1/chat/completions", SimClient.chat("live-lora", "hi", ""));
        assertThat(used.status()).isEqualTo(200);
        assertThat(used.json().path("model").asText()).isEqualTo("live-lora");

        EndpointsScenarios.assertError(
                client.post("/v1/load_lora_adapter", "{\"lora_name\":\"live-lora\",\"lora_path\":\"/elsewhere\"}"),
                400,
                "BadRequestError",
                "lora_name");
        EndpointsScenarios.assertError(
                client.post("/v1/load_lora_adapter", "{\"lora_name\":\"no-path\"}"),
                400,
                "BadRequestError",
                "lora_name");

        assertThat(client.post("/v1/unload_lora_adapter", "{\"lora_name\":\"live-lora\"}")
                        .status())
                .isEqualTo(200);
        assertThat(client.get("/v1/models").body()).doesNotContain("live-lora");
        EndpointsScenarios.assertError(
                client.post("/v1/chat/completions", SimClient.chat("live-lora", "hi", "")),
                404,
                "NotFoundError",
                "model");
        EndpointsScenarios.assertError(
                client.post("/v1/unload_lora_adapter", "{\"lora_name\":\"live-lora\"}"),
                404,
                "NotFoundError",
                "lora_name");
    }

    @Test
    void aRequestArrivingAtAFullQueueGets429AtOnce() throws Exception {
        SimClient client = client();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<SimClient.Reply>> admitted = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                admitted.add(CompletableFuture.supplyAsync(
                        () -> client.post(
                                "/v1/chat/completions",
                                SimClient.chat(MODEL, "one two three four five six seven eight nine ten", "")),
                        pool));
            }
            SchedulingScenarios.awaitMetrics(
                    client,
                    text -> SimClient.metric(text, "vllm:num_requests_waiting" + LABEL) == 1
                            && SimClient.metric(text, "vllm:num_requests_running" + LABEL) == 2);
            SimClient.Reply refused =
                    client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"stream\":true"));
            EndpointsScenarios.assertError(refused, 429, "RateLimitError", null);
            assertThat(refused.elapsedNanos() / 1e6).isLessThan(100);
            for (CompletableFuture<SimClient.Reply> reply : admitted) {
                assertThat(reply.get().status())
                        .as("admitted requests are not affected")
                        .isEqualTo(200);
            }
        }
    }

    private static double delta(String before, String after, String sample) {
        double start = SimClient.metric(before, sample);
        return SimClient.metric(after, sample) - (Double.isNaN(start) ? 0 : start);
    }
}
