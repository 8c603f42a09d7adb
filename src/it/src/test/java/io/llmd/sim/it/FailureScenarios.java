package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failures on demand: {@code --failure-injection-rate} fails a share of the requests, the same ones
 * under the same seed, and {@code X-Return-Error} forces a status on one request. Either is a real
 * HTTP error with vLLM's body, before any stream starts, and never counted as a success.
 * <p>
 * Only the replay scenario sends requests without the header: the others leave the seeded
 * generator untouched, so that the base server and its twin draw the same sequence.
 */
abstract class FailureScenarios {
    static final String MODEL = "faulty-model";
    static final int REQUESTS = 200;
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "mode", "echo",
            "seed", "42",
            "failure-injection-rate", "50");
    private static final Map<Integer, String> TYPES = Map.of(
            400,
            "BadRequestError",
            401,
            "AuthenticationError",
            404,
            "NotFoundError",
            429,
            "RateLimitError",
            502,
            "InternalServerError",
            503,
            "InternalServerError",
            500,
            "InternalServerError");

    abstract URI base();

    /** A second server with the same settings and seed, used by the replay scenario only. */
    abstract URI twin();

    /** Request {@code i} of a fixed sequence: mostly whole chat answers, every fourth a streamed completion (never the last, whose count might lag its [DONE]). */
    private static SimClient.Reply request(SimClient client, int i, String forcedError) {
        boolean streamed = i % 4 == 2;
        String body = streamed
                ? "{\"model\":\"" + MODEL + "\",\"prompt\":\"request " + i + "\",\"max_tokens\":2,\"stream\":true}"
                : SimClient.chat(MODEL, "request " + i, "\"max_tokens\":2");
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        client.uri(streamed ? "/v1/completions" : "/v1/chat/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (forcedError != null) {
            request.header("X-Return-Error", forcedError);
        }
        return client.send(request);
    }

    private static double successes(SimClient client) {
        double total = 0;
        for (String line : client.get("/metrics").body().split("\n")) {
            if (line.startsWith("vllm:request_success_total{")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** An error as vLLM answers it: JSON with the status as its code and the type the status has. */
    private static void assertVllmError(SimClient.Reply reply) {
        assertThat(reply.contentType()).as(reply.body()).startsWith("application/json");
        JsonNode error = reply.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(reply.status());
        assertThat(error.path("type").asText()).isEqualTo(TYPES.get(reply.status()));
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void aFixedSeedFailsAboutTheGivenShareOfRequestsAndReplaysTheSameFailures() {
        SimClient client = new SimClient(base());
        double before = successes(client);
        List<String> outcomes = new ArrayList<>();
        int failed = 0;
        for (int i = 0; i < REQUESTS; i++) {
            SimClient.Reply reply = request(client, i, null);
            if (reply.status() == 200) {
                assertThat(reply.contentType()).startsWith(i % 4 == 2 ? "text/event-stream" : "application/json");
                outcomes.add("200");
            } else {
                failed++;
                assertThat(reply.status()).isIn(400, 401, 404, 429, 503);
                assertVllmError(reply);
                assertThat(reply.json().path("error").path("message").asText()).endsWith(" (injected failure)");
                outcomes.add(reply.status() + " "
                        + reply.json().path("error").path("message").asText());
            }
        }

        assertThat(failed).as("failures among %d requests at 50%%", REQUESTS).isBetween(70, 130);
        assertThat(outcomes.stream()
                        .filter(o -> !o.equals("200"))
                        .map(o -> o.substring(0, 3))
                        .distinct())
                .as("every failure type is drawn")
                .hasSize(5);
        assertThat(successes(client) - before)
                .as("injected failures are not successes")
                .isEqualTo(REQUESTS - failed);

        SimClient twin = new SimClient(twin());
        List<String> replayed = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            SimClient.Reply reply = request(twin, i, null);
            replayed.add(
                    reply.status() == 200
                            ? "200"
                            : reply.status() + " "
                                    + reply.json().path("error").path("message").asText());
        }
        assertThat(replayed)
                .as("the same seed fails the same requests the same way")
                .isEqualTo(outcomes);
    }

    @Test
    void xReturnErrorForcesItsStatusOnItsRequestOnly() {
        SimClient client = new SimClient(base());
        double before = successes(client);

        for (String code : List.of("429", "503", "502", "401", "404", "400")) {
            SimClient.Reply reply = request(client, 0, code);
            assertThat(reply.status()).isEqualTo(Integer.parseInt(code));
            assertVllmError(reply);
            assertThat(reply.json().path("error").path("message").asText()).endsWith(" (injected failure)");
        }
        SimClient.Reply streamed = request(client, 2, "500");
        assertThat(streamed.status()).as("refused before the stream starts").isEqualTo(500);
        assertVllmError(streamed);
        assertThat(streamed.body()).doesNotContain("data:");

        for (String wrong : List.of("teapot", "200", "1000")) {
            SimClient.Reply reply = request(client, 0, wrong);
            assertThat(reply.status()).isEqualTo(400);
            assertVllmError(reply);
            assertThat(reply.json().path("error").path("message").asText())
                    .contains("X-Return-Error")
                    .as("a wrong header is the client's own error")
                    .doesNotContain("injected");
        }
        assertThat(successes(client)).as("forced errors are not successes").isEqualTo(before);
    }
}
