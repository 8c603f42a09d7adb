package io.llmd.sim.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.LoraModule;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.SimOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("sim.yaml"), text);
    }

    private static void assertRefused(Path file, String mention) {
        assertThatThrownBy(() -> ConfigFile.read(file))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("config"))
                .hasMessageContaining(file.toString())
                .hasMessageContaining(mention)
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
    }

    @Test
    void readsEveryKeyAsTheFlagOfItsName() throws IOException {
        Map<Flag, String> values = ConfigFile.read(yaml("""
                model: Qwen/Qwen2.5-1.5B-Instruct
                max-num-seqs: 8
                time-factor-under-load: 1.5
                log-requests: true
                mode: echo
                """));

        assertThat(values)
                .containsOnly(
                        entry(Flag.MODEL, "Qwen/Qwen2.5-1.5B-Instruct"),
                        entry(Flag.MAX_NUM_SEQS, "8"),
                        entry(Flag.TIME_FACTOR_UNDER_LOAD, "1.5"),
                        entry(Flag.LOG_REQUESTS, "true"),
                        entry(Flag.MODE, "echo"));
    }

    @Test
    void readsTheFakeMetricsMappingAsTheObjectTheFlagTakes() throws IOException {
        Map<Flag, String> values = ConfigFile.read(yaml("""
                model: m
                fake-metrics:
                  running-requests: 3
                  kv-cache-usage: "ramp:0.2:0.9:5m"
                  loras:
                    - '{"running":"a","waiting":"","timestamp":1700000000}'
                  ttft-buckets-values: [1, 2]
                """));

        SimConfig config = ConfigParser.build(values, () -> 1L);
        assertThat(config.model()).isEqualTo("m");
        io.llmd.sim.core.FakeMetrics fake = io.llmd.sim.core.FakeMetrics.parse(values.get(Flag.FAKE_METRICS));
        assertThat(fake.running().start()).isEqualTo(3);
        assertThat(fake.kvCacheUsage().function()).isEqualTo("ramp");
        assertThat(fake.loras())
                .singleElement()
                .satisfies(lora -> assertThat(lora.running()).isEqualTo("a"));
        assertThat(fake.buckets().get("ttft-buckets-values")).containsExactly(1L, 2L);
    }

    @Test
    void takesListsOrStringsForFlagsWithSeveralValues() throws IOException {
        Map<Flag, String> values = ConfigFile.read(yaml("""
                served-model-name: [a, b]
                lora: [x, y]
                failure-types: rate_limit server_error
                lora-modules:
                  - p=/adapters/p
                  - '{"name":"q","path":"/adapters/q"}'
                  - name: r
                    path: /adapters/r
                """));

        assertThat(values)
                .containsEntry(Flag.SERVED_MODEL_NAME, "a b")
                .containsEntry(Flag.LORA, "x,y")
                .containsEntry(Flag.FAILURE_TYPES, "rate_limit server_error");
        values.put(Flag.MODEL, "m");
        SimConfig config = ConfigParser.build(values, () -> 1L);
        assertThat(config.servedModelNames()).containsExactly("a", "b");
        assertThat(config.loras())
                .containsExactly(
                        new LoraModule("x", "x"),
                        new LoraModule("y", "y"),
                        new LoraModule("p", "/adapters/p"),
                        new LoraModule("q", "/adapters/q"),
                        new LoraModule("r", "/adapters/r"));
    }

    @Test
    void readsAnAliasAsItsFlagAndSkipsEmptyKeys() throws IOException {
        assertThat(ConfigFile.read(yaml("max-running-requests: 3\nseed:\n")))
                .containsOnly(entry(Flag.MAX_NUM_SEQS, "3"));
    }

    @Test
    void anEmptyFileSetsNothing() throws IOException {
        assertThat(ConfigFile.read(yaml(""))).isEmpty();
        assertThat(ConfigFile.read(yaml("# nothing yet\n"))).isEmpty();
    }

    @Test
    void refusesWhatIsNotAFlagNamingTheFileAndTheKey() throws IOException {
        assertRefused(yaml("model: m\nmax-num-seq: 8\n"), "'max-num-seq' is not a flag");
    }

    @Test
    void refusesAFlagSetTwice() throws IOException {
        assertRefused(yaml("max-num-seqs: 3\nmax-running-requests: 4\n"), "twice");
        assertRefused(yaml("max-num-seqs: 3\nmax-num-seqs: 4\n"), "max-num-seqs");
    }

    @Test
    void refusesAListOrMapForAFlagWithOneValue() throws IOException {
        assertRefused(yaml("max-num-seqs: [1, 2]\n"), "one value, not a list");
        assertRefused(yaml("model: {name: m}\n"), "a value, not a map");
        assertRefused(yaml("served-model-name: [[a]]\n"), "not a single value");
    }

    @Test
    void refusesAFileNamingAnother() throws IOException {
        assertRefused(yaml("config: other.yaml\n"), "another configuration file");
    }

    @Test
    void refusesWhatIsNotYamlOrNotAMap() throws IOException {
        assertRefused(yaml("model: [unclosed\n"), "not valid YAML");
        assertRefused(yaml("- model\n- m\n"), "must map flag names to values");
    }

    @Test
    void refusesAMissingFile() {
        assertRefused(dir.resolve("absent.yaml"), "no such file");
    }

    @Test
    void layersTheFlagsOverTheEnvironmentOverTheFileTheEnvironmentNames() throws IOException {
        Path file = yaml("model: yaml-model\nmax-num-seqs: 8\nmax-loras: 2\nmode: echo\n");
        Map<String, String> environment =
                Map.of("SIM_CONFIG", file.toString(), "SIM_MAX_NUM_SEQS", "6", "SIM_MODE", "echo");

        ConfigSources sources = ConfigFile.sources(Map.of(Flag.MODE, "random"), environment);

        assertThat(sources.values())
                .containsEntry(Flag.MODEL, "yaml-model")
                .containsEntry(Flag.MAX_NUM_SEQS, "6")
                .containsEntry(Flag.MAX_LORAS, "2")
                .containsEntry(Flag.MODE, "random");
        assertThat(sources.origin(Flag.MODEL)).isEqualTo(ConfigSources.Origin.YAML);
    }

    @Test
    void takesGoDurationsFromTheFileAndTheEnvironmentAsFromTheCommandLine() throws IOException {
        Path file = yaml("model: m\ntime-to-first-token: 1.5s\nstartup-duration: 2m\n");
        Map<String, String> environment = Map.of(
                "SIM_CONFIG", file.toString(),
                "SIM_INTER_TOKEN_LATENCY", "250ms",
                "SIM_FAKE_METRICS_REFRESH_INTERVAL", "1.5s");

        SimOptions options = SimOptions.builder()
                .set(ConfigFile.sources(Map.of(), environment).values())
                .build();

        assertThat(options.engine().timeToFirstToken()).isEqualTo(Duration.ofMillis(1500));
        assertThat(options.engine().interTokenLatency()).isEqualTo(Duration.ofMillis(250));
        assertThat(options.operations().startupDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(options.operations().fakeMetricsRefresh()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void withoutAFileOnlyFlagsAndEnvironmentCount() {
        ConfigSources sources = ConfigFile.sources(Map.of(Flag.MODEL, "m"), Map.of());

        assertThat(sources.values()).containsOnly(entry(Flag.MODEL, "m"));
    }

    @Test
    void refusesEveryBadKeyOfTheFileAtOnce() throws IOException {
        Path file = yaml("model: m\nmax-num-seq: 8\nmode: [echo]\nconfig: other.yaml\n");

        assertThatThrownBy(() -> ConfigFile.read(file))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.refusals())
                                .extracting(ConfigException::getMessage)
                                .containsExactly(
                                        "--config: " + file + " 'max-num-seq' is not a flag",
                                        "--config: " + file + " 'mode' takes one value, not a list",
                                        "--config: " + file + " cannot name another configuration file"));
    }
}
