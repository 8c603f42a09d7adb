package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A bad value of each operations flag is a usage error (exit 2) naming it, before anything listens. */
class LauncherOperationsFlagsIT {

    @Test
    void everyBadOperationsValueIsRefusedAtOnce() throws Exception {
        Process process = LauncherProcess.exec(
                Map.of(),
                "--model",
                "m",
                "--port",
                "0",
                "--enable-sleep-mode",
                "maybe",
                "--enable-admin-api",
                "perhaps",
                "--fake-metrics",
                "{\"kv-cache-usage\":\"ramp:0:2:5s\"}",
                "--fake-metrics-refresh-interval",
                "-5",
                "--data-parallel-size",
                "9",
                "--data-parallel-rank",
                "-2",
                "--startup-duration",
                "soon");
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output.strip().lines().toList())
                .as(output)
                .hasSize(7)
                .anySatisfy(line -> assertThat(line).startsWith("llm-d-inference-sim: --enable-sleep-mode:"))
                .anySatisfy(line -> assertThat(line).startsWith("llm-d-inference-sim: --enable-admin-api:"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("llm-d-inference-sim: --fake-metrics: kv-cache-usage must be between 0 and 1"))
                .anySatisfy(
                        line -> assertThat(line).startsWith("llm-d-inference-sim: --fake-metrics-refresh-interval:"))
                .anySatisfy(line -> assertThat(line).startsWith("llm-d-inference-sim: --data-parallel-size:"))
                .anySatisfy(line -> assertThat(line).startsWith("llm-d-inference-sim: --data-parallel-rank:"))
                .anySatisfy(line -> assertThat(line).startsWith("llm-d-inference-sim: --startup-duration:"));
        assertThat(output).doesNotContain("listening");
    }

    @Test
    void ranksWhoseKvEventPortsClashAreRefused() throws Exception {
        Process process = LauncherProcess.exec(
                Map.of(),
                "--model",
                "m",
                "--port",
                "18000",
                "--data-parallel-size",
                "2",
                "--zmq-endpoint",
                "tcp://*:17999");
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output.strip())
                .as(output)
                .isEqualTo("llm-d-inference-sim: --zmq-endpoint: the KV-event endpoint tcp://*:18000 of data-parallel"
                        + " rank 1 takes port 18000, which is the HTTP port of rank 0 (see --help)");
    }
}
