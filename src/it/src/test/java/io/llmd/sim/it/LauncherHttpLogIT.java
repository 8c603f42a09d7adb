package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code --log-http} (the Go simulator's): each request and its response logged whole, bodies
 * included, streams as far as the log's bound; credentials never written.
 */
class LauncherHttpLogIT {
    private static final String MODEL = "http-logged-model";

    @Test
    void logsEachExchangeWholeWithoutItsCredentials() {
        try (LauncherProcess launcher = LauncherProcess.start(
                        "--model", MODEL, "--mode", "echo", "--log-http", "--api-key", "secret-key");
                SimClient client = new SimClient(launcher.uri(), "Authorization", "Bearer secret-key")) {
            SimClient.Reply reply = client.post("/v1/chat/completions", SimClient.chat(MODEL, "logged whole", ""));
            assertThat(reply.status()).isEqualTo(200);
            awaitOutput(launcher, "\"content\":\"logged whole\"");
            String output = launcher.output();
            assertThat(output)
                    .contains("> POST /v1/chat/completions HTTP/1.1")
                    .containsIgnoringCase("authorization: (redacted)")
                    .contains("\"messages\":[{\"role\":\"user\",\"content\":\"logged whole\"}]")
                    .contains("< 200")
                    .containsIgnoringCase("content-type: application/json")
                    .doesNotContain("secret-key");

            client.stream("/v1/chat/completions", SimClient.chat(MODEL, "streamed too", "\"stream\":true"));
            awaitOutput(launcher, "data: [DONE]");

            new SimClient(launcher.uri()).get("/v1/models");
            awaitOutput(launcher, "> GET /v1/models HTTP/1.1");
            awaitOutput(launcher, "< 401");
        }
    }

    private static void awaitOutput(LauncherProcess launcher, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!launcher.output().contains(text) && System.nanoTime() < deadline) {
            StandaloneContainer.sleep(20);
        }
        assertThat(launcher.output()).contains(text);
    }
}
