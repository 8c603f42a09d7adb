package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentVariablesTest {

    @Test
    void readsSettingsByTheFlagsNameOrAliasAndRemembersTheVariable() {
        EnvironmentVariables variables = EnvironmentVariables.read(
                Map.of("SIM_MAX_RUNNING_REQUESTS", "3", "SIM_MODE", " echo ", "SIM_SEED", " ", "PATH", "/bin"));

        assertThat(variables.values())
                .containsExactlyInAnyOrderEntriesOf(Map.of(Flag.MAX_NUM_SEQS, "3", Flag.MODE, "echo"));
        assertThat(variables.nameOf(Flag.MAX_NUM_SEQS)).isEqualTo("SIM_MAX_RUNNING_REQUESTS");
        assertThat(variables.nameOf(Flag.MODE)).isEqualTo("SIM_MODE");
    }

    @Test
    void warnsOnceForEachSimVariableThatIsNoSettingWithTheLikelyOne() {
        EnvironmentVariables variables = EnvironmentVariables.read(Map.of(
                "SIM_MAX_NUM_SEQ",
                "4",
                "SIM_TIME_TO_FIRST_TOKNE",
                "100",
                "SIM_WHATEVER_ELSE_ENTIRELY",
                "x",
                "SIM_NO_RELAUNCH",
                "1",
                "SIM_MODEL",
                "m",
                "LLMD_SIM_JAR",
                "/x.jar"));

        assertThat(variables.warnings())
                .containsExactly(
                        "SIM_MAX_NUM_SEQ is no setting and is ignored; did you mean SIM_MAX_NUM_SEQS?",
                        "SIM_TIME_TO_FIRST_TOKNE is no setting and is ignored; did you mean SIM_TIME_TO_FIRST_TOKEN?",
                        "SIM_WHATEVER_ELSE_ENTIRELY is no setting and is ignored (a setting's variable is SIM_ and its flag's"
                                + " name, as --help lists them)");
        assertThat(variables.values()).containsOnlyKeys(Flag.MODEL);
    }

    @Test
    void countsEditsAsLevenshteinDoes() {
        assertThat(EnvironmentVariables.edits("SIM_MODE", "SIM_MODE")).isZero();
        assertThat(EnvironmentVariables.edits("SIM_MODLE", "SIM_MODEL")).isEqualTo(2);
        assertThat(EnvironmentVariables.edits("kitten", "sitting")).isEqualTo(3);
        assertThat(EnvironmentVariables.closest("SIM_PROT")).isEqualTo("SIM_PORT");
        assertThat(EnvironmentVariables.closest("SIM_SOMETHING_ELSE")).isNull();
    }
}
