package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeConfigTest {
    private final List<SimOptions> applied = new ArrayList<>();

    private RuntimeConfig config(String... args) {
        Map<Flag, String> flags = new EnumMap<>(CommandLine.parse(args).values());
        SimOptions started = SimOptions.builder().set(flags).timeSeed(() -> 99L).build();
        return new RuntimeConfig(new ConfigSources(flags, Map.of(), Map.of()), started, null, false, applied::add);
    }

    @Test
    void showsEverySettingWithItsOrigin() {
        RuntimeConfig config = config("--model", "m", "--time-to-first-token", "20");

        Map<String, RuntimeConfig.Setting> shown = config.describe();

        assertThat(shown.get("model")).isEqualTo(new RuntimeConfig.Setting("m", "flag"));
        assertThat(shown.get("time-to-first-token")).isEqualTo(new RuntimeConfig.Setting("20", "flag"));
        assertThat(shown.get("inter-token-latency")).isEqualTo(new RuntimeConfig.Setting("0", "default"));
        assertThat(shown.get("seed").value()).isEqualTo("99");
    }

    @Test
    void changesALatencyAndNamesTheAdministrationAsItsOrigin() {
        RuntimeConfig config = config("--model", "m");

        Map<String, RuntimeConfig.Setting> shown =
                config.update(Map.of("time-to-first-token", "250", "failure-injection-rate", "10"));

        assertThat(shown.get("time-to-first-token")).isEqualTo(new RuntimeConfig.Setting("250", "admin"));
        assertThat(shown.get("failure-injection-rate")).isEqualTo(new RuntimeConfig.Setting("10", "admin"));
        assertThat(applied).hasSize(1);
        SimConfig engine = applied.getFirst().engine();
        assertThat(engine.timeToFirstToken()).isEqualTo(Duration.ofMillis(250));
        assertThat(engine.failures().rate()).isEqualTo(10);
        assertThat(engine.seed()).as("a seed drawn at start stays").isEqualTo(99L);
    }

    @Test
    void takesGoDurationsAsTheFlagsDo() {
        RuntimeConfig config = config("--model", "m");

        Map<String, RuntimeConfig.Setting> shown =
                config.update(Map.of("time-to-first-token", "1.5s", "inter-token-latency", "250ms"));

        assertThat(shown.get("time-to-first-token")).isEqualTo(new RuntimeConfig.Setting("1500", "admin"));
        assertThat(applied.getLast().engine().timeToFirstToken()).isEqualTo(Duration.ofMillis(1500));
        assertThat(applied.getLast().engine().interTokenLatency()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void laterChangesKeepEarlierOnes() {
        RuntimeConfig config = config("--model", "m");
        config.update(Map.of("time-to-first-token", "250"));

        config.update(Map.of("inter-token-latency", "5"));

        SimConfig engine = applied.getLast().engine();
        assertThat(engine.timeToFirstToken()).isEqualTo(Duration.ofMillis(250));
        assertThat(engine.interTokenLatency()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void refusesASettingThatCannotChangeAtRunTime() {
        RuntimeConfig config = config("--model", "m");

        assertThatThrownBy(() -> config.update(Map.of("max-num-seqs", "9")))
                .isInstanceOf(SimException.class)
                .hasMessage("field 'max-num-seqs' is not admin-configurable");
        assertThatThrownBy(() -> config.update(Map.of("no-such-flag", "1")))
                .hasMessage("field 'no-such-flag' is not admin-configurable");
        assertThat(applied).isEmpty();
    }

    @Test
    void refusesABadValueWithTheStartUpMessageAndChangesNothing() {
        RuntimeConfig config = config("--model", "m");
        Map<String, String> changes = new LinkedHashMap<>();
        changes.put("time-to-first-token", "100");
        changes.put("failure-injection-rate", "500");

        assertThatThrownBy(() -> config.update(changes))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
                .hasMessageContaining("--failure-injection-rate: must be a percentage between 0 and 100");
        assertThat(applied).isEmpty();
        assertThat(config.describe().get("time-to-first-token").value()).isEqualTo("0");
    }

    @Test
    void checksTheRulesBetweenFlagsAsAtStartUp() {
        RuntimeConfig config = config("--model", "m", "--time-to-first-token", "100");

        assertThatThrownBy(() -> config.update(Map.of("time-to-first-token-std-dev", "40")))
                .hasMessageContaining("--time-to-first-token-std-dev: must be at most 30%");
        config.update(Map.of("time-to-first-token-std-dev", "30"));
        assertThat(applied.getLast().engine().latency().timeToFirstTokenStdDev())
                .isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void aRunningRequestKeepsTheTimingItWasAdmittedWith() throws InterruptedException {
        FakeClock clock = new FakeClock(0);
        SimConfig slow = TestConfigs.config("--model", "m", "--time-to-first-token", "1000", "--mode", "echo");
        Simulator simulator = new Simulator(slow, clock, List.of());
        Generation generation =
                simulator.plan(new GenerationRequest(simulator.catalog().resolve("m"), "one two", "one two", 1));
        Run before = simulator.admit(generation, 0);

        simulator.reconfigure(TestConfigs.config("--model", "m", "--time-to-first-token", "10", "--mode", "echo"));
        before.awaitStart();
        before.awaitAnswer();
        before.finish();
        Run after = simulator.admit(generation, clock.nanoTime());
        after.awaitStart();
        after.awaitAnswer();
        after.finish();

        assertThat(before.trace().firstToken() - before.trace().firstStart()).isEqualTo(1_000_000_000L);
        assertThat(after.trace().firstToken() - after.trace().firstStart()).isEqualTo(10_000_000L);
        assertThat(simulator.config().timeToFirstToken()).isEqualTo(Duration.ofMillis(10));
    }
}
