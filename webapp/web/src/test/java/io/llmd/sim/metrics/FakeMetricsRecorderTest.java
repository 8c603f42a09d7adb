package io.llmd.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.FakeGauges;
import io.llmd.sim.core.FakeMetrics;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.SimConfig;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FakeMetricsRecorderTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SimConfig config = ConfigParser.build(
            CommandLine.parse("--model", "m", "--max-model-len", "100").values(), () -> 1L);
    private final VllmMetrics families = new VllmMetrics(registry, config.maxModelLen());

    private FakeMetricsRecorder recorder(String json) {
        return new FakeMetricsRecorder(
                families, config, new FakeGauges(FakeMetrics.parse(json), Duration.ofMillis(100), NanoClock.SYSTEM));
    }

    private String scrape() {
        return PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
    }

    @Test
    void reportsTheFakeGaugesCountersAndBuckets() {
        FakeMetricsRecorder recorder = recorder("""
                {"running-requests": 4, "waiting-requests": 2.7, "kv-cache-usage": 0.35,
                 "ttft-buckets-values": [1, 0, 2], "request-prompt-tokens": [0, 3],
                 "request-success-total": {"stop": 6}, "prefix-cache-hits": 5, "prefix-cache-queries": 8,
                 "loras": [{"running": "a,b", "waiting": "c", "timestamp": 1700000000}]}""");

        recorder.refresh();
        String text = scrape();

        assertThat(text)
                .contains("vllm:num_requests_running{engine=\"0\",model_name=\"m\"} 4.0")
                .contains("vllm:num_requests_waiting{engine=\"0\",model_name=\"m\"} 2.0")
                .contains("vllm:kv_cache_usage_perc{engine=\"0\",model_name=\"m\"} 0.35")
                .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"0.001\"} 1")
                .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"0.005\"} 1")
                .contains("vllm:time_to_first_token_seconds_bucket{engine=\"0\",model_name=\"m\",le=\"0.01\"} 3")
                .contains("vllm:time_to_first_token_seconds_count{engine=\"0\",model_name=\"m\"} 3")
                .contains("vllm:request_prompt_tokens_count{engine=\"0\",model_name=\"m\"} 3")
                // Derived from the histogram: 3 prompts in the bucket up to 2 tokens.
                .contains("vllm:prompt_tokens_total{engine=\"0\",model_name=\"m\"} 6.0")
                .contains("vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"m\"} 6.0")
                .contains("vllm:prefix_cache_hits_total{engine=\"0\",model_name=\"m\"} 5.0")
                .contains("vllm:prefix_cache_queries_total{engine=\"0\",model_name=\"m\"} 8.0")
                .contains("running_lora_adapters=\"a,b\"")
                .contains("1.7E9");
    }

    @Test
    void anUpdateReplacesWhatItNamesAndKeepsTheRest() {
        FakeMetrics first = FakeMetrics.parse("{\"ttft-buckets-values\": [5], \"e2erl-buckets-values\": [2]}");
        FakeGauges gauges = new FakeGauges(first, Duration.ofMillis(100), NanoClock.SYSTEM);
        FakeMetricsRecorder recorder = new FakeMetricsRecorder(families, config, gauges);

        gauges.update(
                FakeMetrics.parse("{\"ttft-buckets-values\": [0, 1], \"e2erl-buckets-values\": [2]}"),
                Duration.ofMillis(100));
        recorder.apply();

        assertThat(scrape())
                .contains("vllm:time_to_first_token_seconds_count{engine=\"0\",model_name=\"m\"} 1")
                .contains("vllm:e2e_request_latency_seconds_count{engine=\"0\",model_name=\"m\"} 2");
    }
}
