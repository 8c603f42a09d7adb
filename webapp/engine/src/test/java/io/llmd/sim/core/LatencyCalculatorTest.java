package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The three latency calculators the Go simulator has: which flags time the first token. */
class LatencyCalculatorTest {
    /** Every first-token flag set at once, so that only the calculator decides which ones count. */
    private static final String[] ALL = {
        "--model", "m",
        "--time-to-first-token", "100",
        "--prefill-overhead", "20",
        "--prefill-time-per-token", "2",
        "--kv-cache-transfer-latency", "300",
        "--kv-cache-transfer-time-per-token", "3"
    };

    private static LatencyModel model(String calculator, String... more) {
        String[] args = new String[ALL.length + 2 + more.length];
        System.arraycopy(ALL, 0, args, 0, ALL.length);
        args[ALL.length] = "--latency-calculator";
        args[ALL.length + 1] = calculator;
        System.arraycopy(more, 0, args, ALL.length + 2, more.length);
        SimConfig config = config(args);
        return new LatencyModel(config, new SeededRandom(config.seed()), () -> 1);
    }

    @Test
    void constantIgnoresThePromptsLength() {
        LatencyModel model = model("constant");
        assertThat(model.firstToken(10, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(model.firstToken(1000, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(model.kvTransfer(10)).isEqualTo(Duration.ofMillis(300));
        assertThat(model.kvTransfer(1000)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void perTokenTimesEveryPromptByItsLength() {
        LatencyModel model = model("per-token");
        assertThat(model.firstToken(10, 1)).isEqualTo(Duration.ofMillis(40));
        assertThat(model.firstToken(1000, 1)).isEqualTo(Duration.ofMillis(2020));
        assertThat(model.kvTransfer(10)).isEqualTo(Duration.ofMillis(30));
        assertThat(model.kvTransfer(1000)).isEqualTo(Duration.ofMillis(3000));
    }

    @Test
    void perTokenWithoutPrefillFlagsIsImmediate() {
        SimConfig config = config("--model", "m", "--time-to-first-token", "100", "--latency-calculator", "per-token");
        LatencyModel model = new LatencyModel(config, new SeededRandom(1), () -> 1);
        assertThat(model.firstToken(500, 1)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theDefaultTakesTheConstantsWhenTheyAreSet() {
        LatencyModel model = model("default");
        assertThat(model.firstToken(10, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(model.firstToken(1000, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(model.kvTransfer(10)).isEqualTo(Duration.ofMillis(300));
        assertThat(model.kvTransfer(1000)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void theDefaultTimesByThePromptWhenNoConstantIsSet() {
        LatencyModel model = new LatencyModel(
                config(
                        "--model",
                        "m",
                        "--prefill-overhead",
                        "20",
                        "--prefill-time-per-token",
                        "2",
                        "--kv-cache-transfer-time-per-token",
                        "3"),
                new SeededRandom(1),
                () -> 1);
        assertThat(model.firstToken(10, 1)).isEqualTo(Duration.ofMillis(40));
        assertThat(model.kvTransfer(10)).isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void theDefaultTakesAJitteredConstantOverThePrefill() {
        SimConfig config = config(
                "--model",
                "m",
                "--time-to-first-token",
                "50",
                "--time-to-first-token-std-dev",
                "10",
                "--prefill-time-per-token",
                "100");
        LatencyModel model = new LatencyModel(config, new SeededRandom(1), () -> 1);
        for (int i = 0; i < 100; i++) {
            assertThat(model.firstToken(1000, 1).toMillis()).isBetween(15L, 85L);
        }
    }

    @Test
    void theCachedPrefixShortensOnlyAPrefillTimedByTokens() {
        Choice choice = new Choice(0, List.of("a"), FinishReason.STOP, null, null, null);
        Generation generation =
                new Generation(new ModelTarget("m", null), 100, 10, List.of(choice), Generation.KvTransfer.NONE);
        assertThat(model("per-token").firstTokenNanos(generation, 60))
                .isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(model("default").firstTokenNanos(generation, 60))
                .isEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(model("constant").firstTokenNanos(generation, 60))
                .isEqualTo(Duration.ofMillis(100).toNanos());
        LatencyModel byTokens =
                new LatencyModel(config("--model", "m", "--prefill-time-per-token", "2"), new SeededRandom(1), () -> 1);
        assertThat(byTokens.firstTokenNanos(generation, 60))
                .isEqualTo(Duration.ofMillis(80).toNanos());
    }

    @Test
    void aTransferIsNotSlowedByTheLoadButAFirstTokenIs() {
        SimConfig config = config(
                "--model",
                "m",
                "--time-to-first-token",
                "100",
                "--kv-cache-transfer-latency",
                "300",
                "--time-factor-under-load",
                "3",
                "--max-num-seqs",
                "2");
        LatencyModel model = new LatencyModel(config, new SeededRandom(1), () -> 2);
        Choice choice = new Choice(0, List.of("a"), FinishReason.STOP, null, null, null);
        Generation remote = new Generation(
                new ModelTarget("m", null), 100, 10, List.of(choice), Generation.KvTransfer.REMOTE_PREFILL);
        Generation local =
                new Generation(new ModelTarget("m", null), 100, 10, List.of(choice), Generation.KvTransfer.NONE);
        assertThat(model.firstTokenNanos(remote))
                .isEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(model.firstTokenNanos(local))
                .isEqualTo(Duration.ofMillis(300).toNanos());
    }

    @Test
    void aTransferTimedPerTokenJittersByItsOwnStdDev() {
        LatencyModel model = model("per-token", "--kv-cache-transfer-time-std-dev", "100");
        double sum = 0;
        double squares = 0;
        int samples = 20_000;
        for (int i = 0; i < samples; i++) {
            double ms = model.kvTransfer(100).toNanos() / 1e6;
            assertThat(ms).isBetween(300 * 0.3, 300 * 1.7);
            sum += ms;
            squares += ms * ms;
        }
        double mean = sum / samples;
        double stdDev = Math.sqrt(squares / samples - mean * mean);
        assertThat(mean).isBetween(295.0, 305.0);
        assertThat(stdDev).isBetween(90.0, 110.0);
    }

    @Test
    void withoutItsStdDevAPerTokenTransferIsExact() {
        assertThat(model("default").kvTransfer(100)).isEqualTo(Duration.ofMillis(300));
    }
}
