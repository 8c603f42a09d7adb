package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyOptionsTest {

    private static void assertRefused(String flag, String mention, String... args) {
        assertThatThrownBy(() -> config(args))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo(flag))
                .hasMessageContaining(mention);
    }

    @Test
    void defaultsToNoJitterNoPrefillAndNoSlowDown() {
        assertThat(config("--model", "m").latency()).isEqualTo(LatencyOptions.NONE);
        assertThat(LatencyOptions.NONE.prefill(Duration.ZERO)).isTrue();
        assertThat(LatencyOptions.NONE.prefill(Duration.ofMillis(1))).isFalse();
    }

    @Test
    void readsEverySetting() {
        LatencyOptions latency = config(
                        "--model",
                        "m",
                        "--time-to-first-token",
                        "100",
                        "--time-to-first-token-std-dev",
                        "30",
                        "--inter-token-latency",
                        "10",
                        "--inter-token-latency-std-dev",
                        "2.5",
                        "--prefill-overhead",
                        "40",
                        "--prefill-time-per-token",
                        "0.5",
                        "--prefill-time-std-dev",
                        "12",
                        "--time-factor-under-load",
                        "2.5")
                .latency();

        assertThat(latency)
                .isEqualTo(new LatencyOptions(
                        Duration.ofMillis(30),
                        Duration.ofNanos(2_500_000),
                        Duration.ofMillis(40),
                        Duration.ofNanos(500_000),
                        Duration.ofMillis(12),
                        2.5));
        assertThat(latency.prefill(Duration.ofMillis(100)))
                .as("the constant is set")
                .isFalse();
        assertThat(latency.describe())
                .containsEntry("inter-token-latency-std-dev", "2.5")
                .containsEntry("prefill-time-per-token", "0.5")
                .containsEntry("time-factor-under-load", "2.5");
    }

    @Test
    void refusesAStandardDeviationAboveThirtyPercentOfItsBaseNamingBoth() {
        assertRefused(
                "time-to-first-token-std-dev",
                "30% of --time-to-first-token (100)",
                "--model",
                "m",
                "--time-to-first-token",
                "100",
                "--time-to-first-token-std-dev",
                "30.1");
        assertRefused(
                "inter-token-latency-std-dev",
                "30% of --inter-token-latency (0)",
                "--model",
                "m",
                "--inter-token-latency-std-dev",
                "1");
    }

    @Test
    void acceptsAnyPrefillStdDevAsTheGoSimulatorDoes() {
        assertThat(config(
                                "--model",
                                "m",
                                "--prefill-overhead",
                                "40",
                                "--prefill-time-per-token",
                                "10",
                                "--prefill-time-std-dev",
                                "500")
                        .latency()
                        .prefillTimeStdDev())
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void acceptsExactlyThirtyPercent() {
        assertThat(config("--model", "m", "--inter-token-latency", "10", "--inter-token-latency-std-dev", "3")
                        .latency()
                        .interTokenLatencyStdDev())
                .isEqualTo(Duration.ofMillis(3));
        assertThat(config(
                                "--model",
                                "m",
                                "--prefill-overhead",
                                "40",
                                "--prefill-time-per-token",
                                "10",
                                "--prefill-time-std-dev",
                                "15")
                        .latency()
                        .prefillTimeStdDev())
                .isEqualTo(Duration.ofMillis(15));
    }

    @Test
    void refusesATimeFactorBelowOneOrNotANumber() {
        assertRefused(
                "time-factor-under-load", "between 1 and 1000", "--model", "m", "--time-factor-under-load", "0.9");
        assertRefused("time-factor-under-load", "not a number", "--model", "m", "--time-factor-under-load", "fast");
        assertRefused("time-factor-under-load", "not a number", "--model", "m", "--time-factor-under-load", "NaN");
    }

    @Test
    void refusesNegativePrefillTimes() {
        assertRefused("prefill-overhead", "negative", "--model", "m", "--prefill-overhead", "-1");
        assertRefused("prefill-time-per-token", "negative", "--model", "m", "--prefill-time-per-token=-0.5");
    }
}
