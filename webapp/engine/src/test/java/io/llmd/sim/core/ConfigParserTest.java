package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigParserTest {

    @Test
    void requiresTheModel() {
        assertThatThrownBy(() -> config("--port", "1"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("model"))
                .hasMessageContaining("is required");
    }

    @Test
    void refusesABlankModel() {
        assertThatThrownBy(() -> config("--model=  "))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("model"));
    }

    @Test
    void fillsInVllmDefaults() {
        SimConfig config = config("--model", "m");

        assertThat(config.model()).isEqualTo("m");
        assertThat(config.maxNumSeqs()).isEqualTo(5);
        assertThat(config.maxLoras()).isEqualTo(1);
        assertThat(config.maxCpuLoras()).isEqualTo(1);
        assertThat(config.mode()).isEqualTo(Mode.RANDOM);
        assertThat(config.maxModelLen()).isEqualTo(1024);
        assertThat(config.servedModelNames()).containsExactly("m");
        assertThat(config.loras()).isEmpty();
        assertThat(config.timeToFirstToken()).isZero();
        assertThat(config.interTokenLatency()).isZero();
    }

    @Test
    void seedsFromTheTimeWhenNoSeedIsGiven() {
        assertThat(config("--model", "m").seed()).isEqualTo(TestConfigs.TIME_SEED);
    }

    @Test
    void givenSeedWinsWithoutReadingTheTime() {
        SimConfig config = ConfigParser.build(
                CommandLine.parse("--model", "m", "--seed", "-7").values(), () -> {
                    throw new AssertionError("the time seed must not be read when --seed is given");
                });

        assertThat(config.seed()).isEqualTo(-7L);
    }

    @Test
    void maxCpuLorasDefaultsToMaxLoras() {
        SimConfig config = config("--model", "m", "--max-loras", "3");

        assertThat(config.maxLoras()).isEqualTo(3);
        assertThat(config.maxCpuLoras()).isEqualTo(3);
    }

    @Test
    void acceptsMaxCpuLorasAboveMaxLoras() {
        assertThat(config("--model", "m", "--max-loras", "2", "--max-cpu-loras", "4")
                        .maxCpuLoras())
                .isEqualTo(4);
    }

    @Test
    void readsMaxCpuLorasZeroAsMaxLorasAsTheGoSimulatorDoes() {
        assertThat(config("--model", "m", "--max-loras", "3", "--max-cpu-loras", "0")
                        .maxCpuLoras())
                .isEqualTo(3);
    }

    @Test
    void refusesAKvCacheSizeOfZeroAsVllmRefusesACacheTooSmallForTheContext() {
        assertThatThrownBy(() -> config("--model", "m", "--kv-cache-size", "0"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("kv-cache-size"))
                .hasMessageContaining("holds 0 tokens");
    }

    @Test
    void refusesMaxCpuLorasBelowMaxLoras() {
        assertThatThrownBy(() -> config("--model", "m", "--max-loras", "3", "--max-cpu-loras", "2"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("max-cpu-loras"))
                .hasMessageContaining("must be at least --max-loras (3), not 2");
    }

    @Test
    void readsMaxRunningRequestsAsMaxNumSeqs() {
        assertThat(config("--model", "m", "--max-running-requests", "9").maxNumSeqs())
                .isEqualTo(9);
    }

    @Test
    void readsServedModelNamesInOrderWithoutDuplicates() {
        SimConfig config = config("--model", "m", "--served-model-name", "b,a", "b", "c");

        assertThat(config.servedModelNames()).containsExactly("b", "a", "c");
        assertThat(config.reportedModelName()).isEqualTo("b");
    }

    @Test
    void readsTheOriginalSimulatorsCommaListOfLoras() {
        assertThat(config("--model", "m", "--lora", "x,y").loras())
                .containsExactly(new LoraModule("x", "x"), new LoraModule("y", "y"));
    }

    @Test
    void readsLoraModulesAsNameEqualsPath() {
        assertThat(config("--model", "m", "--lora-modules", "a=/p/a", "b=/p/b").loras())
                .containsExactly(new LoraModule("a", "/p/a"), new LoraModule("b", "/p/b"));
    }

    @Test
    void readsLoraModulesAsJsonItems() {
        SimConfig config = config(
                "--model",
                "m",
                "--lora-modules",
                "{\"name\":\"a\",\"path\":\"/p/a\",\"base_model_name\":\"m\"}",
                "b=/p/b");

        assertThat(config.loras()).containsExactly(new LoraModule("a", "/p/a"), new LoraModule("b", "/p/b"));
    }

    @Test
    void putsLoraNamesBeforeLoraModules() {
        assertThat(config("--model", "m", "--lora-modules", "b=/p/b", "--lora", "a")
                        .loras())
                .containsExactly(new LoraModule("a", "a"), new LoraModule("b", "/p/b"));
    }

    @Test
    void blamesTheLoraFlagForAClashWithAServedName() {
        assertThatThrownBy(() -> config("--model", "m", "--lora", "m"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("lora"));
    }

    @Test
    void refusesALatencyOverAnHour() {
        assertThatThrownBy(() -> config("--model", "m", "--time-to-first-token", "1e300"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("time-to-first-token"))
                .hasMessageContaining("at most 3600000");
    }

    @Test
    void refusesALoraNameUsedTwice() {
        assertThatThrownBy(() -> config("--model", "m", "--lora", "a", "--lora-modules", "a=/x"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("lora-modules"))
                .hasMessageContaining("'a' is used twice");
    }

    @Test
    void refusesALoraNamedLikeAServedModel() {
        assertThatThrownBy(() -> config("--model", "m", "--lora-modules", "m=/x"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("lora-modules"));
    }

    @Test
    void refusesAMalformedLoraModule() {
        assertThatThrownBy(() -> config("--model", "m", "--lora-modules", "no-equals-sign"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("lora-modules"))
                .hasMessageContaining("is not name=path");
    }

    @Test
    void readsEchoModeInAnyCase() {
        assertThat(config("--model", "m", "--mode", "ECHO").mode()).isEqualTo(Mode.ECHO);
    }

    @Test
    void refusesAnUnknownMode() {
        assertThatThrownBy(() -> config("--model", "m", "--mode", "loud"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("mode"))
                .hasMessageContaining("'echo' or 'random'");
    }

    @Test
    void readsLatenciesAsFractionalMilliseconds() {
        SimConfig config = config("--model", "m", "--time-to-first-token", "1.5", "--inter-token-latency", "20");

        assertThat(config.timeToFirstToken()).isEqualTo(Duration.ofNanos(1_500_000));
        assertThat(config.interTokenLatency()).isEqualTo(Duration.ofMillis(20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"port", "max-model-len", "seed", "max-num-seqs", "max-loras", "max-cpu-loras"})
    void refusesANonNumber(String flag) {
        assertThatThrownBy(() -> config("--model", "m", "--" + flag, "twelve"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo(flag))
                .hasMessage("--" + flag + ": 'twelve' is not a number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity"})
    void refusesANonFiniteLatency(String value) {
        assertThatThrownBy(() -> config("--model", "m", "--time-to-first-token", value))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("time-to-first-token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"time-to-first-token", "inter-token-latency"})
    void refusesANegativeLatency(String flag) {
        assertThatThrownBy(() -> config("--model", "m", "--" + flag, "-0.5"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo(flag))
                .hasMessageContaining("must not be negative");
    }

    @ParameterizedTest
    @CsvSource({"port, -1", "port, 65536", "max-num-seqs, 0", "max-loras, 0", "max-model-len, 0", "max-cpu-loras, -1"})
    void refusesANumberOutOfRange(String flag, String value) {
        assertThatThrownBy(() -> config("--model", "m", "--" + flag, value))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo(flag))
                .hasMessageContaining("not " + value);
    }

    @Test
    void acceptsPortZeroForAnyFreePort() {
        assertThat(ConfigParser.parse(
                                CommandLine.parse("--model", "m", "--port", "0").values(), () -> 0L, null)
                        .server()
                        .port())
                .isZero();
    }

    @Test
    void trimsNumbers() {
        Map<Flag, String> values = Map.of(Flag.MODEL, "m", Flag.PORT, " 8080 ", Flag.MAX_NUM_SEQS, "3\t");

        SimOptions options = ConfigParser.parse(values, () -> 0L, null);

        assertThat(options.server().port()).isEqualTo(8080);
        assertThat(options.engine().maxNumSeqs()).isEqualTo(3);
    }

    @Test
    void mergeLetsTheFirstSourceWin() {
        Map<Flag, String> commandLine = Map.of(Flag.PORT, "1");
        Map<Flag, String> environment = Map.of(Flag.PORT, "2", Flag.SEED, "20");
        Map<Flag, String> file = Map.of(Flag.PORT, "3", Flag.SEED, "30", Flag.MODEL, "m");

        assertThat(ConfigParser.merge(commandLine, environment, file))
                .containsOnly(entry(Flag.PORT, "1"), entry(Flag.SEED, "20"), entry(Flag.MODEL, "m"));
    }

    @Test
    void mergeOfNothingIsEmpty() {
        assertThat(ConfigParser.merge()).isEmpty();
    }

    @Test
    void readsTheEnvironmentUnderSimNames() {
        Map<String, String> environment = Map.of(
                "SIM_MODEL", "m",
                "SIM_MAX_NUM_SEQS", "9",
                "SIM_TIME_TO_FIRST_TOKEN", " 25 ",
                "SIM_LORA_MODULES", "a=/p/a",
                "MAX_NUM_SEQS", "1",
                "max-loras", "4");

        Map<Flag, String> values = ConfigParser.fromLookup(environment::get, true);

        assertThat(values)
                .containsOnly(
                        entry(Flag.MODEL, "m"),
                        entry(Flag.MAX_NUM_SEQS, "9"),
                        entry(Flag.TIME_TO_FIRST_TOKEN, "25"),
                        entry(Flag.LORA_MODULES, "a=/p/a"));
    }

    @Test
    void readsAnAliasFromTheEnvironment() {
        Map<Flag, String> values = ConfigParser.fromLookup(Map.of("SIM_MAX_RUNNING_REQUESTS", "3")::get, true);

        assertThat(values).containsOnly(entry(Flag.MAX_NUM_SEQS, "3"));
    }

    @Test
    void prefersTheCanonicalNameOverAnAliasInOneSource() {
        Map<String, String> environment = Map.of("SIM_MAX_RUNNING_REQUESTS", "3", "SIM_MAX_NUM_SEQS", "4");

        assertThat(ConfigParser.fromLookup(environment::get, true)).containsOnly(entry(Flag.MAX_NUM_SEQS, "4"));
    }

    @Test
    void skipsBlankValuesOfALookup() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SIM_MAX_NUM_SEQS", "  ");
        environment.put("SIM_MAX_RUNNING_REQUESTS", "6");
        environment.put("SIM_SEED", "");

        assertThat(ConfigParser.fromLookup(environment::get, true)).containsOnly(entry(Flag.MAX_NUM_SEQS, "6"));
    }

    @Test
    void readsInitParamsUnderFlagNames() {
        Map<String, String> initParams = Map.of("model", "m", "max-num-seqs", "3", "SIM_SEED", "1");

        assertThat(ConfigParser.fromLookup(initParams::get, false))
                .containsOnly(entry(Flag.MODEL, "m"), entry(Flag.MAX_NUM_SEQS, "3"));
    }

    @Test
    void commandLineWinsOverEnvironmentWhenBuilt() {
        Map<Flag, String> commandLine =
                CommandLine.parse("--model", "cli", "--max-num-seqs", "2").values();
        Map<Flag, String> environment = ConfigParser.fromLookup(
                Map.of("SIM_MODEL", "env", "SIM_MAX_LORAS", "2", "SIM_MAX_NUM_SEQS", "7")::get, true);

        SimConfig config = ConfigParser.build(ConfigParser.merge(commandLine, environment), () -> 0L);

        assertThat(config.model()).isEqualTo("cli");
        assertThat(config.maxNumSeqs()).isEqualTo(2);
        assertThat(config.maxLoras()).isEqualTo(2);
    }

    @Test
    void buildsFromAMapItDoesNotKeep() {
        Map<Flag, String> values = new EnumMap<>(Flag.class);
        values.put(Flag.MODEL, "m");
        values.put(Flag.SERVED_MODEL_NAME, "a");
        SimConfig config = ConfigParser.build(values, () -> 0L);

        values.put(Flag.SERVED_MODEL_NAME, "b");

        assertThat(config.servedModelNames()).containsExactly("a");
    }

    @Test
    void withoutAKvCacheSizeTheCacheHoldsMaxNumSeqsRequestsOfTheFullContext() {
        SimConfig config = TestConfigs.config("--model", "m", "--max-num-seqs", "256", "--max-model-len", "1000");

        assertThat(config.kvCacheBlocks()).isEqualTo(256 * 63);
        assertThat(config.kvCacheCapacity())
                .isEqualTo("KV cache size: 258,048 tokens. Maximum concurrency for 1,000 tokens per request: 256.00x");
    }

    @Test
    void theDefaultKvCacheIsNeverSmallerThanTheGoSimulators() {
        assertThat(TestConfigs.config("--model", "m").kvCacheBlocks()).isEqualTo(1024);
    }

    @Test
    void anExplicitKvCacheSizeIsKept() {
        SimConfig config = TestConfigs.config("--model", "m", "--max-num-seqs", "256", "--kv-cache-size", "100");

        assertThat(config.kvCacheBlocks()).isEqualTo(100);
        assertThat(config.kvCacheCapacity()).endsWith("Maximum concurrency for 1,024 tokens per request: 1.56x");
    }
}
