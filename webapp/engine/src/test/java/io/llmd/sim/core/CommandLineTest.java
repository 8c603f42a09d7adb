package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.llmd.sim.core.CommandLine.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    @Test
    void readsAFlagFollowedByItsValue() {
        CommandLine line = CommandLine.parse("--model", "llama", "--port", "9000");

        assertThat(line.action()).isEqualTo(Action.RUN);
        assertThat(line.values()).containsOnly(entry(Flag.MODEL, "llama"), entry(Flag.PORT, "9000"));
    }

    @Test
    void readsAFlagWithItsValueAfterAnEqualsSign() {
        assertThat(CommandLine.parse("--model=llama", "--seed=7").values())
                .containsOnly(entry(Flag.MODEL, "llama"), entry(Flag.SEED, "7"));
    }

    @Test
    void keepsEqualsSignsInsideAnInlineValue() {
        assertThat(CommandLine.parse("--lora-modules=a=/x=y").values())
                .containsOnly(entry(Flag.LORA_MODULES, "a=/x=y"));
    }

    @Test
    void multiValuedFlagTakesEveryArgumentUpToTheNextFlag() {
        CommandLine line = CommandLine.parse("--lora-modules", "a=x", "b=y", "--port", "1");

        assertThat(line.values()).containsOnly(entry(Flag.LORA_MODULES, "a=x b=y"), entry(Flag.PORT, "1"));
    }

    @Test
    void multiValuedFlagTakesEveryArgumentToTheEnd() {
        assertThat(CommandLine.parse("--served-model-name", "a", "b", "c").values())
                .containsOnly(entry(Flag.SERVED_MODEL_NAME, "a b c"));
    }

    @Test
    void singleValuedFlagRefusesASecondValue() {
        assertThatThrownBy(() -> CommandLine.parse("--model", "m", "extra"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("extra"))
                .hasMessageContaining("unexpected argument 'extra'");
    }

    @Test
    void readsAnAliasAsItsFlag() {
        assertThat(CommandLine.parse("--max-running-requests", "7").values())
                .containsOnly(entry(Flag.MAX_NUM_SEQS, "7"));
    }

    @Test
    void takesANegativeNumberAsAValue() {
        assertThat(CommandLine.parse("--seed", "-5").values()).containsOnly(entry(Flag.SEED, "-5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void asksForHelpWhateverElseIsGiven(String help) {
        CommandLine line = CommandLine.parse("--model", "m", help, "--port", "1");

        assertThat(line.action()).isEqualTo(Action.HELP);
        assertThat(line.values()).isEmpty();
    }

    @Test
    void asksForTheVersion() {
        CommandLine line = CommandLine.parse("--version");

        assertThat(line.action()).isEqualTo(Action.VERSION);
        assertThat(line.values()).isEmpty();
    }

    @Test
    void runsWithNoValuesWhenNoArgumentIsGiven() {
        CommandLine line = CommandLine.parse();

        assertThat(line.action()).isEqualTo(Action.RUN);
        assertThat(line.values()).isEmpty();
    }

    @Test
    void refusesAnUnknownFlagByName() {
        assertThatThrownBy(() -> CommandLine.parse("--model", "m", "--nope", "1"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("nope"))
                .hasMessage("--nope: unknown flag");
    }

    @Test
    void refusesAnUnknownFlagGivenWithEqualsSign() {
        assertThatThrownBy(() -> CommandLine.parse("--nope=1"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("nope"));
    }

    @Test
    void refusesAFlagWithoutValueAtTheEnd() {
        assertThatThrownBy(() -> CommandLine.parse("--port", "1", "--model"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("model"))
                .hasMessage("--model: needs a value");
    }

    @Test
    void refusesAFlagFollowedByAnotherFlag() {
        assertThatThrownBy(() -> CommandLine.parse("--model", "--port", "1"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("model"))
                .hasMessageContaining("needs a value");
    }

    @Test
    void refusesAFlagGivenTwice() {
        assertThatThrownBy(() -> CommandLine.parse("--port", "1", "--port=2"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("port"))
                .hasMessage("--port: given more than once");
    }

    @Test
    void refusesAFlagGivenOnceByNameAndOnceByAlias() {
        assertThatThrownBy(() -> CommandLine.parse("--max-num-seqs", "2", "--max-running-requests", "3"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.flag()).isEqualTo("max-num-seqs"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--", "model", "-port", "-"})
    void refusesAnArgumentThatIsNotALongFlag(String arg) {
        assertThatThrownBy(() -> CommandLine.parse(arg))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unexpected argument '" + arg + "'");
    }

    @Test
    void givesValuesThatCannotBeChanged() {
        CommandLine line = CommandLine.parse("--model", "m");

        assertThatThrownBy(() -> line.values().put(Flag.PORT, "1")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusesEveryMistakeAtOnceSkippingTheValuesOfAnUnknownFlag() {
        assertThatThrownBy(
                        () -> CommandLine.parse("--nope", "1", "2", "--model", "m", "stray", "--model", "n", "--port"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.refusals())
                                .extracting(ConfigException::getMessage)
                                .containsExactly(
                                        "--nope: unknown flag",
                                        "--stray: unexpected argument 'stray'",
                                        "--model: given more than once",
                                        "--port: needs a value"));
    }
}
