package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataParallelOptionsTest {

    @Test
    void dataParallelRanksDrawTheirOwnStreamAndStayWithinThePorts() {
        SimOptions rank2 = SimOptions.builder()
                .model("m")
                .seed(40)
                .set(Flag.DATA_PARALLEL_RANK, "2")
                .build();
        assertThat(rank2.engine().seed()).isEqualTo(42);
        assertThat(rank2.operations().dataParallelRank()).isEqualTo(2);
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .port(65_534)
                        .set(Flag.DATA_PARALLEL_SIZE, "4")
                        .build())
                .hasMessageContaining("--data-parallel-size: 4 ranks from --port 65534 go beyond port 65535");
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .set(Flag.DATA_PARALLEL_SIZE, "9")
                        .build())
                .hasMessageContaining("--data-parallel-size: must be between 1 and 8");
        assertThatThrownBy(() -> SimOptions.builder()
                        .model("m")
                        .set(Flag.DATA_PARALLEL_RANK, "8")
                        .build())
                .hasMessageContaining("--data-parallel-rank: must be between -1 and 7");
    }

    @Test
    void rankMinusOneIsTheGoSimulatorsUnsetRank() {
        SimOptions unset = SimOptions.builder()
                .model("m")
                .seed(40)
                .set(Flag.DATA_PARALLEL_RANK, "-1")
                .build();
        assertThat(unset.engine().seed()).isEqualTo(40);
        assertThat(unset.operations().dataParallelRank()).isEqualTo(-1);
        assertThat(unset.operations().describe()).containsEntry("data-parallel-rank", "none");
    }
}
