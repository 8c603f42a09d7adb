package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-requests}: one line per request, once it has ended, naming the method, the path,
 * the status, the model asked for, the tokens, what injected a failure made on purpose, and the
 * duration. (Off by default: see {@link LauncherLifecycleIT}, whose launchers log no request.)
 */
class LauncherRequestLogIT {
    private static final String MODEL = "logged-model";

    @Test
    void logsOneLinePerRequestWithStatusModelTokensAndDuration() {
        try (LauncherProcess launcher = LauncherProcess.start("--model", MODEL, "--mode", "echo", "--log-requests");
                SimClient client = new SimClient(launcher.uri())) {
            JsonNode usage = client.post("/v1/chat/completions", SimClient.chat(MODEL, "one two three", ""))
                    .json()
                    .path("usage");
            awaitLine(
                    launcher,
                    "POST /v1/chat/completions 200 model=" + MODEL + " prompt_tokens="
                            + usage.path("prompt_tokens").asInt() + " completion_tokens="
                            + usage.path("completion_tokens").asInt() + " duration_ms=");

            SimClient.Stream withUsage = client.stream(
                    "/v1/chat/completions",
                    SimClient.chat(MODEL, "four five", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
            JsonNode streamed =
                    withUsage.events().get(withUsage.events().size() - 2).json().path("usage");
            awaitLine(
                    launcher,
                    "POST /v1/chat/completions 200 model=" + MODEL + " prompt_tokens="
                            + streamed.path("prompt_tokens").asInt() + " completion_tokens="
                            + streamed.path("completion_tokens").asInt() + " duration_ms=");

            client.post(
                    "/v1/completions",
                    "{\"model\":\"" + MODEL + "\",\"prompt\":\"six seven eight nine\",\"stream\":true}");
            awaitLine(launcher, "POST /v1/completions 200 model=" + MODEL + " completion_tokens=4 duration_ms=");

            client.get("/v1/models");
            awaitLine(launcher, "GET /v1/models 200 model=- duration_ms=");
            client.post("/v1/chat/completions", SimClient.chat("nope", "hi", ""));
            awaitLine(launcher, "POST /v1/chat/completions 404 model=nope duration_ms=");
            client.withHeaders("X-Return-Error", "503").post("/v1/chat/completions", SimClient.chat(MODEL, "hi", ""));
            awaitLine(
                    launcher,
                    "POST /v1/chat/completions 503 model=" + MODEL + " injected_failure=X-Return-Error duration_ms=");

            assertThat(launcher.output())
                    .containsPattern(Pattern.compile("GET /v1/models 200 model=- duration_ms=\\d+\\.\\d"));
            assertThat(launcher.output().lines().filter(line -> line.contains("RequestLog:")))
                    .hasSize(6);
        }
    }

    private static void awaitLine(LauncherProcess launcher, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!launcher.output().contains(text) && System.nanoTime() < deadline) {
            StandaloneContainer.sleep(20);
        }
        assertThat(launcher.output()).contains(text);
    }
}
