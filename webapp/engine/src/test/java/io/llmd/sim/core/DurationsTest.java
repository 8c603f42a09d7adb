package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Times are plain numbers in the flag's unit, or Go durations as the Go simulator's users write them. */
class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "250, 250000000",
        "1.5, 1500000",
        "0, 0",
        "250ms, 250000000",
        "1.5s, 1500000000",
        "2m, 120000000000",
        "1h, 3600000000000",
        "2m30s, 150000000000",
        "1m0.5s, 60500000000",
        "100us, 100000",
        "100µs, 100000",
        "7ns, 7",
        ".5s, 500000000",
        "0s, 0",
        "+10ms, 10000000"
    })
    void readsPlainMillisecondsAndGoDurations(String text, long nanos) {
        assertThat(Durations.parse(text, ChronoUnit.MILLIS)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource({"30, 30000", "1.5, 1500", "500ms, 500", "2m, 120000"})
    void aPlainNumberCountsTheFlagsOwnUnit(String text, long millis) {
        assertThat(Durations.parse(text, ChronoUnit.SECONDS)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"twelve", "10 ms", "10MS", "ms", "10x", "1.5.5s", "s10", "10ms5", "NaN", "Infinity", ""})
    void refusesWhatIsNeitherANumberNorADuration(String text) {
        assertThatThrownBy(() -> Durations.parse(text, ChronoUnit.MILLIS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a number (of millis) or a duration such as 250ms, 1.5s or 2m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "-10ms", "-0.5s"})
    void refusesANegativeTime(String text) {
        assertThatThrownBy(() -> Durations.parse(text, ChronoUnit.MILLIS)).hasMessageContaining("must not be negative");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "time-to-first-token-std-dev",
                "inter-token-latency",
                "prefill-overhead",
                "prefill-time-per-token",
                "kv-cache-transfer-latency",
                "kv-cache-transfer-time-per-token"
            })
    void everyLatencyFlagTakesAGoDuration(String flag) {
        SimConfig withDuration = config("--model", "m", "--time-to-first-token", "1s", "--" + flag, "250ms");
        SimConfig withMillis = config("--model", "m", "--time-to-first-token", "1000", "--" + flag, "250");
        assertThat(withDuration).isEqualTo(withMillis);
    }

    @org.junit.jupiter.api.Test
    void theShutdownTimeoutCountsSecondsOrTakesADuration() {
        assertThat(SimOptions.builder()
                        .model("m")
                        .set(Flag.SHUTDOWN_TIMEOUT, "90")
                        .build()
                        .server()
                        .shutdownTimeout())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(SimOptions.builder()
                        .model("m")
                        .set(Flag.SHUTDOWN_TIMEOUT, "1m30s")
                        .build()
                        .server()
                        .shutdownTimeout())
                .isEqualTo(Duration.ofSeconds(90));
        assertThat(SimOptions.builder()
                        .model("m")
                        .set(Flag.SHUTDOWN_TIMEOUT, "1500ms")
                        .build()
                        .server()
                        .describe())
                .containsEntry("shutdown-timeout", "1.5");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1h1ms", "3600001", "2h"})
    void aLatencyStaysWithinAnHour(String text) {
        assertThatThrownBy(() -> config("--model", "m", "--inter-token-latency", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be at most 3600000 (one hour)");
    }
}
