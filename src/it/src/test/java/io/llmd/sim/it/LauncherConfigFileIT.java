package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's configuration sources: a YAML file ({@code --config} or {@code SIM_CONFIG}) under
 * {@code SIM_*} variables under flags, the effective configuration logged with where each value
 * came from, and the refusals of a bad file or of settings that do not go together.
 */
class LauncherConfigFileIT {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("sim.yaml"), text);
    }

    /** Runs the launcher to its end and returns its exit status and output. */
    private static Result run(Map<String, String> environment, String... args) throws Exception {
        Process process = LauncherProcess.exec(environment, args);
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int status, String output) {}

    private static void assertRefused(Result result, String... mentions) {
        assertThat(result.status()).as(result.output()).isEqualTo(2);
        assertThat(result.output().strip().lines()).as(result.output()).hasSize(1);
        assertThat(result.output()).contains(mentions).doesNotContain("listening");
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = yaml("""
                model: yaml-model
                served-model-name: [yaml-a, yaml-b]
                lora-modules:
                  - name: yaml-lora
                    path: /adapters/yaml-lora
                max-num-seqs: 8
                max-loras: 2
                mode: random
                """);
        try (LauncherProcess launcher = LauncherProcess.start(
                Map.of("SIM_MAX_NUM_SEQS", "6", "SIM_MODE", "random"), "--config", file.toString(), "--mode", "echo")) {
            assertThat(launcher.output())
                    .contains("--model=yaml-model (yaml)")
                    .contains("--max-num-seqs=6 (env)")
                    .contains("--max-loras=2 (yaml)")
                    .contains("--mode=echo (flag)")
                    .contains("--block-size=16 (default)")
                    .contains("--config=" + file + " (flag)");
            SimClient client = new SimClient(launcher.uri());
            assertThat(client.get("/v1/models").body())
                    .contains("\"id\":\"yaml-a\"")
                    .contains("\"id\":\"yaml-b\"")
                    .contains("\"id\":\"yaml-lora\"")
                    .contains("\"root\":\"/adapters/yaml-lora\"");
            SimClient.Reply echo = client.post("/v1/chat/completions", SimClient.chat("yaml-a", "echo me", ""));
            assertThat(echo.json()
                            .path("choices")
                            .get(0)
                            .path("message")
                            .path("content")
                            .asText())
                    .isEqualTo("echo me");
        }
    }

    @Test
    void theEnvironmentMayNameTheFile() throws IOException {
        Path file = yaml("model: env-named-model\nfailure-injection-rate: 100\nfailure-types: [server_error]\n");
        try (LauncherProcess launcher = LauncherProcess.start(Map.of("SIM_CONFIG", file.toString()))) {
            assertThat(launcher.output())
                    .contains("--config=" + file + " (env)")
                    .contains("--failure-injection-rate=100 (yaml)")
                    .contains("--failure-types=server_error (yaml)");
            SimClient.Reply reply = new SimClient(launcher.uri())
                    .post("/v1/chat/completions", SimClient.chat("env-named-model", "hi", ""));
            assertThat(reply.status()).isEqualTo(503);
        }
    }

    @Test
    void aBadFileStopsTheLauncherWithOneLineNamingTheFileAndTheProblem() throws Exception {
        Path file = yaml("model: m\nmax-num-seq: 8\n");
        assertRefused(
                run(Map.of(), "--port", "0", "--config", file.toString()),
                "--config",
                file.toString(),
                "'max-num-seq'");
        yaml("model: m\nmax-num-seqs: lots\n");
        // The value is the file's: the refusal names the file and its key.
        assertRefused(run(Map.of("SIM_CONFIG", file.toString()), "--port", "0"), file + ": max-num-seqs: 'lots'");
    }

    @Test
    void settingsThatDoNotGoTogetherAreRefusedNamingTheFlags() throws Exception {
        assertRefused(
                run(
                        Map.of(),
                        "--port",
                        "0",
                        "--model",
                        "m",
                        "--time-to-first-token",
                        "100",
                        "--time-to-first-token-std-dev",
                        "40"),
                "--time-to-first-token-std-dev",
                "--time-to-first-token");
        assertRefused(
                run(Map.of("SIM_KV_CACHE_TRANSFER_LATENCY_STD_DEV", "5"), "--port", "0", "--model", "m"),
                "SIM_KV_CACHE_TRANSFER_LATENCY_STD_DEV: ",
                "--kv-cache-transfer-latency");
        assertRefused(
                run(Map.of(), "--port", "0", "--model", "m", "--failure-types", "rate_limit", "timeout"),
                "--failure-types",
                "'timeout'");
    }

    @Test
    void helpListsTheNewFlagsInTheirGroups() throws Exception {
        Result result = run(Map.of(), "--help");
        String help = result.output();

        assertThat(result.status()).isZero();
        assertThat(help)
                .contains("--config")
                .contains("--time-to-first-token-std-dev")
                .contains("--inter-token-latency-std-dev")
                .contains("--prefill-overhead")
                .contains("--prefill-time-per-token")
                .contains("--prefill-time-std-dev")
                .contains("--time-factor-under-load")
                .contains("--failure-injection-rate")
                .contains("--failure-types");
        assertThat(help.indexOf("Server:")).isLessThan(help.indexOf("Model and LoRA:"));
        assertThat(help.indexOf("Latency:")).isLessThan(help.indexOf("Scheduling:"));
        assertThat(help.indexOf("Scheduling:")).isLessThan(help.indexOf("Faults:"));
        assertThat(help.indexOf("--failure-injection-rate")).isGreaterThan(help.indexOf("Faults:"));
        assertThat(help.indexOf("--prefill-overhead")).isBetween(help.indexOf("Latency:"), help.indexOf("Scheduling:"));
    }
}
