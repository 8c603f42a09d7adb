package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher's command line, as a user meets it: help, version, refusals and the environment. */
class LauncherCommandLineIT {

    /** Runs the launcher to its end and returns its exit status and output. */
    private static Result run(Map<String, String> environment, String... args) throws Exception {
        Process process = LauncherProcess.exec(environment, args);
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }

    private record Result(int status, String output) {}

    @Test
    void helpListsEveryFlagGroupedAndExitsZero() throws Exception {
        Result result = run(Map.of(), "--help");
        assertThat(result.status()).isZero();
        assertThat(result.output())
                .contains("Usage:")
                .contains("--model")
                .contains("--max-num-seqs, --max-running-requests")
                .contains("--lora-modules")
                .contains("--time-to-first-token")
                .contains("Scheduling:");
    }

    @Test
    void versionPrintsTheVersionAndExitsZero() throws Exception {
        Result result = run(Map.of(), "--version");
        assertThat(result.status()).isZero();
        assertThat(result.output()).startsWith("llm-d-inference-sim ");
    }

    @Test
    void refusedFlagsExitWithStatusTwoAndOneLineNamingTheFlag() throws Exception {
        assertRefused(run(Map.of(), "--port", "0"), "--model");
        assertRefused(run(Map.of(), "--model", "m", "--port", "0", "--no-such-flag", "1"), "--no-such-flag");
        assertRefused(run(Map.of(), "--model", "m", "--port", "0", "--max-num-seqs", "lots"), "--max-num-seqs");
        assertRefused(
                run(Map.of(), "--model", "m", "--port", "0", "--time-to-first-token=-5"), "--time-to-first-token");
        assertRefused(
                run(Map.of(), "--model", "m", "--port", "0", "--max-loras", "4", "--max-cpu-loras", "2"),
                "--max-cpu-loras");
        assertRefused(run(Map.of(), "--model", "m", "--port", "0", "--mode", "loud"), "--mode");
    }

    @Test
    void aDatasetThatCannotBeDownloadedStopsTheStartWithAClearError() throws Exception {
        String url = RecordedDataset.serve().replace("recorded.sqlite3", "no-such.sqlite3");
        String path = RecordedDataset.absentFile().toString();
        Result result = run(Map.of(), "--model", "m", "--port", "0", "--dataset-path", path, "--dataset-url", url);
        assertThat(result.status()).isEqualTo(1);
        assertThat(result.output())
                .contains("llm-d-inference-sim: could not start: could not download the dataset from --dataset-url "
                        + url + " to " + path + ": the server answered HTTP 404");
        assertRefused(
                run(Map.of(), "--model", "m", "--port", "0", "--dataset-url", url),
                "--dataset-url: needs --dataset-path");
        assertRefused(
                run(Map.of(), "--model", "m", "--port", "0", "--dataset-path", path),
                "--dataset-path: no file at " + path);
        assertRefused(
                run(Map.of("SIM_DATASET_PATH", path), "--model", "m", "--port", "0"),
                "SIM_DATASET_PATH: no file at " + path);
        assertRefused(
                run(Map.of(), "--model", "m", "--port", "0", "--dataset-path", path, "--dataset-table-name", "a-b"),
                "--dataset-table-name: must be a table name");
    }

    @Test
    void aBadRequestIdHeaderSwitchIsAUsageErrorBeforeAnythingListens() throws Exception {
        assertRefused(
                run(Map.of(), "--model", "m", "--port", "0", "--enable-request-id-headers", "sometimes"),
                "--enable-request-id-headers: 'sometimes' is not true or false");
        assertRefused(
                run(Map.of("SIM_ENABLE_REQUEST_ID_HEADERS", "maybe"), "--model", "m", "--port", "0"),
                "SIM_ENABLE_REQUEST_ID_HEADERS: 'maybe' is not true or false");
    }

    @Test
    void everyBadValueIsRefusedAtOnceOneLineEachNamingItsSource() throws Exception {
        Result result = run(
                Map.of("SIM_MAX_LORAS", "two"),
                "--model",
                "m",
                "--port",
                "0",
                "--max-num-seqs",
                "lots",
                "--mode",
                "loud",
                "--shutdown-timeout",
                "-1");

        assertThat(result.status()).as(result.output()).isEqualTo(2);
        assertThat(result.output().strip().lines().toList())
                .as(result.output())
                .containsExactly(
                        "llm-d-inference-sim: --mode: must be 'echo' or 'random', not 'loud' (see --help)",
                        "llm-d-inference-sim: --max-num-seqs: 'lots' is not a number (see --help)",
                        "llm-d-inference-sim: SIM_MAX_LORAS: 'two' is not a number (see --help)",
                        "llm-d-inference-sim: --shutdown-timeout: must not be negative, not -1 (see --help)");
    }

    @Test
    void helpShowsEachFlagsOneDefault() throws Exception {
        String help = run(Map.of(), "--help").output();
        for (io.llmd.sim.core.Flag flag : io.llmd.sim.core.Flag.values()) {
            String line = help.lines()
                    .filter(text -> text.startsWith("  --" + flag.flagName() + " ")
                            || text.startsWith("  --" + flag.flagName() + ","))
                    .findFirst()
                    .orElseThrow();
            assertThat(line)
                    .as(flag.flagName())
                    .endsWith(
                            flag.defaultText() == null
                                    ? flag.help()
                                    : flag.help() + " (default: " + flag.defaultText() + ")");
        }
        assertThat(help)
                .contains("(default: 8000)")
                .contains("(default: max-loras)")
                .contains("(default: time)");
    }

    private static void assertRefused(Result result, String flag) {
        assertThat(result.status()).as(result.output()).isEqualTo(2);
        assertThat(result.output().strip().lines()).as(result.output()).hasSize(1);
        assertThat(result.output()).contains(flag);
        assertThat(result.output()).doesNotContain("listening");
    }

    @Test
    void flagsReachTheServerInBothSpellings() throws IOException {
        try (LauncherProcess launcher = LauncherProcess.start(
                "--model=flag-model",
                "--served-model-name",
                "a",
                "b",
                "--lora-modules",
                "x=/adapters/x",
                "{\"name\":\"y\",\"path\":\"/adapters/y\"}",
                "--max-running-requests",
                "3")) {
            SimClient.Reply models = new SimClient(launcher.uri()).get("/v1/models");
            assertThat(models.body())
                    .contains("\"id\":\"a\"")
                    .contains("\"id\":\"b\"")
                    .contains("\"id\":\"x\"")
                    .contains("\"root\":\"/adapters/x\"")
                    .contains("\"id\":\"y\"")
                    .contains("\"root\":\"/adapters/y\"")
                    .contains("\"parent\":\"a\"");
            assertThat(launcher.output()).contains("--max-num-seqs=3");
        }
    }

    @Test
    void environmentVariablesConfigureWhatFlagsDoNotAndFlagsWin() {
        try (LauncherProcess launcher = LauncherProcess.start(
                Map.of("SIM_MODEL", "env-model", "SIM_MAX_NUM_SEQS", "7", "SIM_MODE", "echo"), "--mode", "random")) {
            SimClient.Reply models = new SimClient(launcher.uri()).get("/v1/models");
            assertThat(models.json().path("data").get(0).path("id").asText()).isEqualTo("env-model");
            assertThat(launcher.output()).contains("--max-num-seqs=7").contains("--mode=random");
        }
    }

    @Test
    void theEffectiveConfigurationIsLoggedOneLinePerGroupWithThePortItListensOn() {
        try (LauncherProcess launcher = LauncherProcess.startAsGiven(Map.of("SIM_PORT", "0"), "--model", "grouped")) {
            int port = launcher.uri().getPort();
            List<String> lines = launcher.output()
                    .lines()
                    .filter(line -> line.contains("SimContextListener: "))
                    .toList();
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line)
                            .contains("SimContextListener:   Server: --port=" + port
                                    + " (env) --host=all interfaces (default) --shutdown-timeout=30 (default) ")
                            .contains(" --api-key=none (default)"));
            assertThat(lines)
                    .anySatisfy(line -> assertThat(line)
                            .contains("SimContextListener:   Model and LoRA: "
                                    + "--model=grouped (flag) --served-model-name=grouped (default)"));
            for (String group : List.of("Latency", "Prefill/decode disaggregation", "Scheduling", "Faults")) {
                assertThat(lines)
                        .anySatisfy(line -> assertThat(line).contains("SimContextListener:   " + group + ": --"));
            }
            assertThat(lines)
                    .allSatisfy(line -> assertThat(line.length()).as(line).isLessThan(400));
        }
    }

    @Test
    void aBadValueInAVariableBlamesTheVariable() throws Exception {
        Result result = run(Map.of("SIM_MAX_NUM_SEQS", "abc"), "--model", "m", "--port", "0");
        assertRefused(result, "SIM_MAX_NUM_SEQS: 'abc' is not a number");
        assertThat(result.output()).doesNotContain("--max-num-seqs");
    }

    @Test
    void aMisspeltVariableIsWarnedOfOnceWithTheLikelyOne() {
        try (LauncherProcess launcher = LauncherProcess.start(Map.of("SIM_MAX_NUM_SEQ", "4"), "--model", "m")) {
            String warning = "SIM_MAX_NUM_SEQ is no setting and is ignored; did you mean SIM_MAX_NUM_SEQS?";
            assertThat(launcher.output().lines().filter(line -> line.contains(warning)))
                    .singleElement()
                    .asString()
                    .contains("WARNING");
            assertThat(launcher.output()).contains("--max-num-seqs=5 (default)");
        }
    }

    @Test
    void hostBindsTheLoopbackAddressOnlyAsVllmsHostDoes() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start("--model", "m", "--host", "127.0.0.1")) {
            int port = launcher.uri().getPort();
            assertThat(launcher.output()).contains("listening on http://127.0.0.1:" + port + " ");
            assertThat(new SimClient(launcher.uri()).get("/health").status()).isEqualTo(200);
            for (java.net.InetAddress other : otherAddressesOfThisMachine()) {
                try (java.net.Socket socket = new java.net.Socket()) {
                    assertThatThrownBy(() -> socket.connect(new java.net.InetSocketAddress(other, port), 2_000))
                            .as("connecting to " + other)
                            .isInstanceOf(IOException.class);
                }
            }
        }
        assertRefused(run(Map.of(), "--model", "m", "--port", "0", "--host", "no-such-host.invalid"), "--host");
        assertRefused(run(Map.of(), "--model", "m", "--port", "0", "--host", "192.0.2.1"), "--host");
    }

    /** This machine's IPv4 addresses other than the loopback ones. */
    private static List<java.net.InetAddress> otherAddressesOfThisMachine() throws IOException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> nic.inetAddresses())
                .filter(address -> address instanceof java.net.Inet4Address && !address.isLoopbackAddress())
                .toList();
    }

    @Test
    void theSameSeedAndRequestsGiveTheSameBodiesButCreated() {
        List<String> requests = List.of(
                SimClient.chat("seeded", "hi", "\"n\":2,\"logprobs\":true,\"top_logprobs\":2"),
                "{\"model\":\"seeded\",\"prompt\":\"once\",\"max_tokens\":30}",
                SimClient.chat("seeded", "weather?", "\"tools\":[" + ApiScenarios.WEATHER_TOOL + "]"));
        List<String> first = seededBodies(requests);
        assertThat(seededBodies(requests)).isEqualTo(first);
        assertThat(first.get(0)).contains("chatcmpl-");
    }

    private static List<String> seededBodies(List<String> requests) {
        List<String> bodies = new java.util.ArrayList<>();
        try (LauncherProcess launcher = LauncherProcess.start("--model", "seeded", "--seed", "7")) {
            SimClient client = new SimClient(launcher.uri());
            for (String request : requests) {
                String path = request.contains("\"prompt\"") ? "/v1/completions" : "/v1/chat/completions";
                var body = (com.fasterxml.jackson.databind.node.ObjectNode)
                        client.post(path, request).json();
                body.remove("created");
                bodies.add(body.toString());
            }
        }
        return bodies;
    }
}
