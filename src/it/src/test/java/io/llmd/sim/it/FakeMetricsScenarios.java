package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --fake-metrics}: an autoscaler's scenario, a KV-cache usage ramping while the replica
 * serves, with fixed running requests and counters; real traffic changes none of the faked series.
 */
abstract class FakeMetricsScenarios {
    static final String MODEL = "fake-model";
    static final Map<String, String> SETTINGS = Map.of(
            "model",
            MODEL,
            "mode",
            "echo",
            "enable-admin-api",
            "true",
            "fake-metrics",
            "{\"kv-cache-usage\":\"ramp:0.1:0.9:3s\",\"running-requests\":3,"
                    + "\"request-success-total\":{\"stop\":10},\"ttft-buckets-values\":[0,4]}",
            "fake-metrics-refresh-interval",
            "100");
    private static final String KV = "vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"" + MODEL + "\"}";
    private static final String RUNNING = "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}";
    private static final String STOPPED =
            "vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"" + MODEL + "\"}";
    private static final String TTFT_COUNT =
            "vllm:time_to_first_token_seconds_count{engine=\"0\",model_name=\"" + MODEL + "\"}";

    abstract URI base();

    @Test
    void theKvCacheUsageRampsAndRealTrafficTouchesNoFakedSeries() throws InterruptedException {
        try (SimClient client = new SimClient(base())) {
            // The ramp starts when it is set: an autoscaler test's "KV usage climbs from now on".
            assertThat(client.post("/admin/config", "{\"fake-metrics\":{\"kv-cache-usage\":\"ramp:0.1:0.9:6s\"}}")
                            .status())
                    .isEqualTo(200);
            List<Double> samples = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                assertThat(client.post("/v1/chat/completions", SimClient.chat(MODEL, "hello there", "\"max_tokens\":2"))
                                .status())
                        .isEqualTo(200);
                String metrics = client.get("/metrics").body();
                samples.add(SimClient.metric(metrics, KV));
                assertThat(SimClient.metric(metrics, RUNNING)).isEqualTo(3);
                assertThat(SimClient.metric(metrics, STOPPED)).isEqualTo(10);
                assertThat(SimClient.metric(metrics, TTFT_COUNT)).isEqualTo(4);
                Thread.sleep(300);
            }
            assertThat(samples).allSatisfy(sample -> assertThat(sample).isBetween(0.1, 0.9));
            assertThat(samples).isSorted();
            assertThat(samples.getLast() - samples.getFirst())
                    .as("ramped over more than two of its six seconds: %s", samples)
                    .isGreaterThan(0.15);
        }
    }

    @Test
    void anAdminUpdateChangesOnlyTheFieldsItGives() {
        try (SimClient client = new SimClient(base())) {
            SimClient.Reply updated = client.post("/admin/config", "{\"fake-metrics\":{\"running-requests\":7}}");
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            String metrics = client.get("/metrics").body();
            assertThat(SimClient.metric(metrics, RUNNING)).isEqualTo(7);
            assertThat(SimClient.metric(metrics, STOPPED)).isEqualTo(10);

            SimClient.Reply bad = client.post("/admin/config", "{\"fake-metrics\":{\"kv-cache-usage\":3}}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().path("error").path("message").asText()).contains("kv-cache-usage");
            assertThat(client.post("/admin/config", "{\"fake-metrics\":{\"running-requests\":3}}")
                            .status())
                    .isEqualTo(200);
        }
    }
}
