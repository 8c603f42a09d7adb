package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The KV-transfer time a remote-prefilled request waits for instead of its prefill. */
class KvTransferLatencyTest {

    private static SimConfig config(String... flags) {
        return ConfigParser.build(CommandLine.parse(flags).values(), () -> 1L);
    }

    private static Generation generation(Generation.KvTransfer transfer, int promptTokens) {
        Choice choice = new Choice(0, List.of("a"), FinishReason.STOP, null, null, null);
        return new Generation(new ModelTarget("m", null), promptTokens, 10, List.of(choice), transfer);
    }

    @Test
    void aRemotePrefilledRequestWaitsTheTransferLatencyInsteadOfTheFirstTokenTime() {
        LatencyModel model = new LatencyModel(
                config("--model", "m", "--time-to-first-token", "500", "--kv-cache-transfer-latency", "40"),
                new SeededRandom(1),
                () -> 1);

        assertThat(model.firstTokenNanos(generation(Generation.KvTransfer.REMOTE_PREFILL, 100)))
                .isEqualTo(Duration.ofMillis(40).toNanos());
        assertThat(model.firstTokenNanos(generation(Generation.KvTransfer.NONE, 100)))
                .isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(model.firstTokenNanos(generation(Generation.KvTransfer.PREFILL_ONLY, 100)))
                .as("a prefill-only request does prefill")
                .isEqualTo(Duration.ofMillis(500).toNanos());
    }

    @Test
    void theFixedLatencyWinsOverATimePerTokenUnlessPerTokenIsAskedFor() {
        LatencyModel model = new LatencyModel(
                config(
                        "--model",
                        "m",
                        "--kv-cache-transfer-latency",
                        "40",
                        "--kv-cache-transfer-time-per-token",
                        "0.5"),
                new SeededRandom(1),
                () -> 1);

        assertThat(model.kvTransfer(100)).isEqualTo(Duration.ofMillis(40));
        LatencyModel perToken = new LatencyModel(
                config("--model", "m", "--kv-cache-transfer-time-per-token", "0.5", "--time-to-first-token", "500"),
                new SeededRandom(1),
                () -> 1);
        assertThat(perToken.kvTransfer(100)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void jitterStaysWithinItsBandAndAStdDevOverThirtyPercentIsRefused() {
        LatencyModel model = new LatencyModel(
                config(
                        "--model",
                        "m",
                        "--kv-cache-transfer-latency",
                        "100",
                        "--kv-cache-transfer-latency-std-dev",
                        "30"),
                new SeededRandom(3),
                () -> 1);
        for (int i = 0; i < 500; i++) {
            assertThat(model.kvTransfer(10).toMillis()).isBetween(30L, 170L);
        }
        assertThatThrownBy(() -> config(
                        "--model",
                        "m",
                        "--kv-cache-transfer-latency",
                        "100",
                        "--kv-cache-transfer-latency-std-dev",
                        "31"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.flag()).isEqualTo("kv-cache-transfer-latency-std-dev"));
    }

    @Test
    void aPrefillOnlyPlanAnswersOneTokenEndingInLength() {
        Simulator simulator = new Simulator(config("--model", "m", "--mode", "echo"), NanoClock.SYSTEM, List.of());
        Generation plan = simulator.plan(new GenerationRequest(
                new ModelTarget("m", null),
                "one two three",
                0,
                "one two three",
                10,
                GenerationRequest.Sampling.DEFAULT,
                null,
                Generation.KvTransfer.PREFILL_ONLY));

        assertThat(plan.first().tokens()).containsExactly("one");
        assertThat(plan.first().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(simulator.remoteBlockIds(40)).hasSize(3);
        Map<String, String> described = simulator.config().describe();
        assertThat(described).containsKey("kv-cache-transfer-latency");
    }
}
