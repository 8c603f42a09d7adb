package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FakeMetricsTest {

    @Test
    void readsFixedValuesFunctionsAndCounts() {
        FakeMetrics fake = FakeMetrics.parse("""
                {"running-requests": 7, "waiting-requests": "squarewave:0:4:10s",
                 "kv-cache-usage": "ramp:0.2:0.9:5m", "ttft-buckets-values": [1, 0, 3],
                 "total-prompt-tokens": 100, "request-success-total": {"stop": 5},
                 "prefix-cache-hits": 2, "prefix-cache-queries": 9, "loras": []}""");

        assertThat(fake.running().at(Duration.ofHours(1))).isEqualTo(7);
        assertThat(fake.waiting().period()).isEqualTo(Duration.ofSeconds(10));
        assertThat(fake.buckets().get("ttft-buckets-values")).containsExactly(1L, 0L, 3L);
        assertThat(fake.counters()).containsEntry("total-prompt-tokens", 100L).containsEntry("prefix-cache-hits", 2L);
        assertThat(fake.requestSuccess()).containsExactly(Map.entry("stop", 5L));
        assertThat(fake.loras()).isEmpty();
    }

    @Test
    void functionsFollowTheirShapeOverThePeriod() {
        FakeMetrics fake = FakeMetrics.parse("""
                {"kv-cache-usage": "ramp:0.2:0.8:10s", "running-requests": "rampreset:0:10:10s",
                 "waiting-requests": "oscillate:2:6:4s"}""");

        FakeMetrics.Value ramp = fake.kvCacheUsage();
        assertThat(ramp.at(Duration.ZERO)).isEqualTo(0.2, within(1e-9));
        assertThat(ramp.at(Duration.ofSeconds(5))).isEqualTo(0.5, within(1e-9));
        assertThat(ramp.at(Duration.ofSeconds(60))).as("stays at its end").isEqualTo(0.8, within(1e-9));
        assertThat(fake.running().at(Duration.ofSeconds(15))).isEqualTo(5, within(1e-9));
        FakeMetrics.Value wave = fake.waiting();
        assertThat(wave.at(Duration.ZERO)).isEqualTo(4, within(1e-9));
        assertThat(wave.at(Duration.ofSeconds(1))).isEqualTo(6, within(1e-9));
        assertThat(wave.at(Duration.ofSeconds(3))).isEqualTo(2, within(1e-9));
        FakeMetrics.Value square = FakeMetrics.parse("{\"running-requests\":\"squarewave:1:3:2s\"}")
                .running();
        assertThat(square.at(Duration.ofMillis(500))).isEqualTo(1);
        assertThat(square.at(Duration.ofMillis(1500))).isEqualTo(3);
    }

    @Test
    void refusesWhatTheGoSimulatorRefuses() {
        assertThatThrownBy(() -> FakeMetrics.parse("{\"kv-cache-usage\": 1.5}"))
                .hasMessageContaining("kv-cache-usage must be between 0 and 1");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"kv-cache-usage\": \"ramp:0.1:2:5s\"}"))
                .hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"running-requests\": \"sawtooth:0:1:5s\"}"))
                .hasMessageContaining("'sawtooth' is no function");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"running-requests\": \"ramp:0:1:0s\"}"))
                .hasMessageContaining("the period must be above 0");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"running-requests\": -1}"))
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"ttft-buckets-values\": [" + "1,".repeat(23) + "1]}"))
                .hasMessageContaining("more than its 23 buckets");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"e2erl-buckets-values\": [1, -2]}"))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"prefix-cache-hits\": 3}"))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"prefix-cache-hits\": 3, \"prefix-cache-queries\": 2}"))
                .hasMessageContaining("must not exceed");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"request-success-total\": {\"bored\": 1}}"))
                .hasMessageContaining("'bored' is no finished reason");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"unknown\": 1}"))
                .hasMessageContaining("'unknown' is no fake metric");
        assertThatThrownBy(() -> FakeMetrics.parse("{\"running-requests\": 1")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> FakeMetrics.parse("[1]")).hasMessageContaining("must be a JSON object");
    }

    @Test
    void theFlagRefusesABadObjectAndAZeroRefreshInterval() {
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .set(Flag.FAKE_METRICS, "{\"kv-cache-usage\": 2}")
                        .build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--fake-metrics: kv-cache-usage must be between 0 and 1");
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .set(Flag.FAKE_METRICS, "{}")
                        .set(Flag.FAKE_METRICS_REFRESH_INTERVAL, "0")
                        .build())
                .hasMessageContaining("--fake-metrics-refresh-interval: must be above 0");
    }

    @Test
    void fakeGaugesStepByTheRefreshIntervalAndDriveTheLoad() {
        FakeClock clock = new FakeClock(0);
        FakeGauges gauges = new FakeGauges(
                FakeMetrics.parse("{\"running-requests\":\"ramp:0:10:10s\"}"), Duration.ofSeconds(2), clock);

        clock.set(Duration.ofMillis(3_900).toNanos());
        assertThat(gauges.running()).hasValue(2);
        assertThat(gauges.kvCacheUsage()).isEmpty();

        SimConfig config = TestConfigs.config(
                "--model",
                "m",
                "--max-num-seqs",
                "11",
                "--time-factor-under-load",
                "2",
                "--time-to-first-token",
                "100");
        Simulator simulator = new Simulator(config, clock, java.util.List.of(), gauges);
        clock.set(Duration.ofSeconds(10).toNanos());
        Generation generation =
                simulator.plan(new GenerationRequest(simulator.catalog().resolve("m"), "one", "one", 1));
        Run run = simulator.admit(generation, clock.nanoTime());
        try {
            run.awaitStart();
            run.awaitAnswer();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        run.finish();
        assertThat(run.trace().firstToken() - run.trace().firstStart())
                .as("10 fake requests running of 11: 1.9 x the first-token time")
                .isEqualTo(190_000_000L);
    }
}
