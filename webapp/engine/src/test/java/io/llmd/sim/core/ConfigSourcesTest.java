package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigSourcesTest {

    private final ConfigSources sources = new ConfigSources(
            Map.of(Flag.MODE, "random", Flag.MODEL, "flag-model"),
            Map.of(Flag.MODE, "echo", Flag.MAX_NUM_SEQS, "6", Flag.CONFIG, "/etc/sim.yaml"),
            Map.of(Flag.MODE, "echo", Flag.MAX_NUM_SEQS, "8", Flag.MAX_LORAS, "2", Flag.MODEL, "yaml-model"));

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() {
        assertThat(sources.values())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        Flag.MODE,
                        "random",
                        Flag.MODEL,
                        "flag-model",
                        Flag.MAX_NUM_SEQS,
                        "6",
                        Flag.MAX_LORAS,
                        "2",
                        Flag.CONFIG,
                        "/etc/sim.yaml"));
    }

    @Test
    void remembersWhereEachValueCameFrom() {
        assertThat(sources.origin(Flag.MODE)).isEqualTo(ConfigSources.Origin.FLAG);
        assertThat(sources.origin(Flag.MAX_NUM_SEQS)).isEqualTo(ConfigSources.Origin.ENV);
        assertThat(sources.origin(Flag.MAX_LORAS)).isEqualTo(ConfigSources.Origin.YAML);
        assertThat(sources.origin(Flag.BLOCK_SIZE)).isEqualTo(ConfigSources.Origin.DEFAULT);
    }

    @Test
    void describesTheEffectiveConfigurationOneLinePerGroupInHelpsOrder() {
        SimOptions options = ConfigParser.parse(sources.values(), () -> 1L, null);

        List<String> lines =
                sources.describe(options.engine().describe(), options.server().describe());

        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(ConfigSources.LINE_WIDTH));
        // A long group goes on several lines, each naming it.
        assertThat(lines.stream()
                        .map(line -> line.substring(0, line.indexOf(':')))
                        .distinct()
                        .toList())
                .containsExactly(
                        "Server",
                        "Model and LoRA",
                        "Latency",
                        "Prefill/decode disaggregation",
                        "Scheduling",
                        "Prefix cache and KV events",
                        "Faults",
                        "Tool calls",
                        "Omni (image output)");
        assertThat(lines.get(0))
                .startsWith("Server: --port=8000 (default) --host=all interfaces (default) ")
                .endsWith(" --config=/etc/sim.yaml (env)");
        assertThat(lines.get(1))
                .startsWith("Model and LoRA: --model=flag-model (flag) ")
                .contains(" --mode=random (flag) ")
                .contains(" --seed=1 (default)");
        assertThat(lines)
                .filteredOn(line -> line.startsWith("Scheduling: "))
                .singleElement()
                .asString()
                .contains("--max-num-seqs=6 (env) ")
                .contains(" --max-loras=2 (yaml) ");
    }

    @Test
    void everySettingTheConfigurationDescribesIsAFlag() {
        Map<String, String> described =
                ConfigParser.parse(sources.values(), () -> 1L, null).describe();

        assertThat(described.keySet())
                .allSatisfy(name -> assertThat(Flag.byName(name)).as(name).isPresent());
        assertThat(String.join(" ", sources.describe(described))).contains("--api-key=none (default)");
    }

    @Test
    void adaptersNamedWithTheOriginalFlagCountAsGiven() {
        ConfigSources lora = new ConfigSources(Map.of(Flag.MODEL, "m"), Map.of(), Map.of(Flag.LORA, "a,b"));

        assertThat(lora.describe(Map.of("lora-modules", "a=a b=b")))
                .containsExactly("Model and LoRA: --lora-modules=a=a b=b (yaml)");
    }

    @Test
    void aBadValueBlamesTheVariableOrTheFileItCameFromAndAFlagStaysAFlag() {
        ConfigSources mixed = new ConfigSources(
                Map.of(Flag.MODE, "loud"),
                EnvironmentVariables.read(Map.of("SIM_MAX_RUNNING_REQUESTS", "abc", "SIM_CONFIG", "/etc/sim.yaml")),
                Map.of(Flag.MAX_LORAS, "two"));

        assertThat(refusal(mixed, Map.of(Flag.MODEL, "m", Flag.MAX_NUM_SEQS, "abc")))
                .isEqualTo("SIM_MAX_RUNNING_REQUESTS: 'abc' is not a number");
        assertThat(refusal(mixed, Map.of(Flag.MODEL, "m", Flag.MAX_LORAS, "two")))
                .isEqualTo("--config /etc/sim.yaml: max-loras: 'two' is not a number");
        assertThat(refusal(mixed, Map.of(Flag.MODEL, "m", Flag.MODE, "loud"))).startsWith("--mode: ");
    }

    @Test
    void eachOfSeveralRefusalsBlamesItsOwnSource() {
        ConfigSources mixed = new ConfigSources(
                Map.of(Flag.MODE, "loud", Flag.MODEL, "m"),
                EnvironmentVariables.read(Map.of("SIM_MAX_RUNNING_REQUESTS", "abc", "SIM_CONFIG", "/etc/sim.yaml")),
                Map.of(Flag.MAX_LORAS, "two"));

        assertThatThrownBy(() -> ConfigParser.parse(mixed.values(), () -> 1L, null))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(mixed.blame(e).refusals())
                                .extracting(ConfigException::getMessage)
                                .containsExactly(
                                        "--mode: must be 'echo' or 'random', not 'loud'",
                                        "SIM_MAX_RUNNING_REQUESTS: 'abc' is not a number",
                                        "--config /etc/sim.yaml: max-loras: 'two' is not a number"));
    }

    private static String refusal(ConfigSources sources, Map<Flag, String> values) {
        try {
            ConfigParser.build(values, () -> 1L);
        } catch (ConfigException e) {
            return sources.blame(e).getMessage();
        }
        throw new AssertionError("not refused: " + values);
    }

    @Test
    void theFileNamedByAFlagWinsOverTheOneTheEnvironmentNames() {
        assertThat(ConfigSources.configFile(Map.of(Flag.CONFIG, "a.yaml"), Map.of(Flag.CONFIG, "b.yaml")))
                .isEqualTo("a.yaml");
        assertThat(ConfigSources.configFile(Map.of(), Map.of(Flag.CONFIG, "b.yaml")))
                .isEqualTo("b.yaml");
        assertThat(ConfigSources.configFile(Map.of(), Map.of())).isNull();
    }
}
