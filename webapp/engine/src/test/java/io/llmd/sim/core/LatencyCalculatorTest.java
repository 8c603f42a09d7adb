package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
        assertThat(model.kvTransfer(10, 1)).isEqualTo(Duration.ofMillis(300));
        assertThat(model.kvTransfer(1000, 1)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void perTokenTimesEveryPromptByItsLength() {
        LatencyModel model = model("per-token");
        assertThat(model.firstToken(10, 1)).isEqualTo(Duration.ofMillis(40));
        assertThat(model.firstToken(1000, 1)).isEqualTo(Duration.ofMillis(2020));
        assertThat(model.kvTransfer(10, 1)).isEqualTo(Duration.ofMillis(30));
        assertThat(model.kvTransfer(1000, 1)).isEqualTo(Duration.ofMillis(3000));
    }

    @Test
    void perTokenWithoutPrefillFlagsIsImmediate() {
        SimConfig config = config("--model", "m", "--time-to-first-token", "100", "--latency-calculator", "per-token");
        LatencyModel model = new LatencyModel(config, new SeededRandom(1), () -> 1);
        assertThat(model.firstToken(500, 1)).isEqualTo(Duration.ZERO);
    }

    @Test
    void theDefaultLetsAPrefillTimeReplaceTheConstant() {
        LatencyModel model = model("default");
        assertThat(model.firstToken(10, 1)).isEqualTo(Duration.ofMillis(40));
        assertThat(model.kvTransfer(10, 1)).isEqualTo(Duration.ofMillis(30));
        LatencyModel constantOnly = new LatencyModel(
                config("--model", "m", "--time-to-first-token", "100", "--kv-cache-transfer-latency", "300"),
                new SeededRandom(1),
                () -> 1);
        assertThat(constantOnly.firstToken(1000, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(constantOnly.kvTransfer(1000, 1)).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aTransferTimedPerTokenJittersByItsOwnStdDev() {
        LatencyModel model = model("per-token", "--kv-cache-transfer-time-std-dev", "100");
        double sum = 0;
        double squares = 0;
        int samples = 20_000;
        for (int i = 0; i < samples; i++) {
            double ms = model.kvTransfer(100, 1).toNanos() / 1e6;
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
        assertThat(model("default").kvTransfer(100, 1)).isEqualTo(Duration.ofMillis(300));
    }
}
