package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens arrive on the latency model's schedule: the first after time-to-first-token, each next
 * one inter-token-latency later. Bands are wide, since the machines are shared and noisy.
 */
abstract class TimingScenarios {
    static final String MODEL = "timing-model";
    static final int TTFT_MS = 200;
    static final int ITL_MS = 80;
    static final Map<String, String> SETTINGS = Map.of(
            // Timing is asserted here: the server warms up before it serves, as users run it.
            "warm-up",
            "true",
            "model",
            MODEL,
            "mode",
            "echo",
            "time-to-first-token",
            Integer.toString(TTFT_MS),
            "inter-token-latency",
            Integer.toString(ITL_MS),
            "max-num-seqs",
            "8");
    /** Eight tokens: "one", " two", ... */
    static final String EIGHT_TOKENS = "one two three four five six seven eight";

    abstract URI base();

    @Test
    void streamedTokensArriveOneByOneOnSchedule() {
        SimClient client = new SimClient(base());
        client.post("/v1/chat/completions", SimClient.chat(MODEL, "warm up", "")); // JIT and connection
        SimClient.Stream stream =
                client.stream("/v1/chat/completions", SimClient.chat(MODEL, EIGHT_TOKENS, "\"stream\":true"));
        List<SimClient.Event> events = stream.events();
        assertThat(events).hasSize(9);
        assertOnSchedule(events.subList(0, 8));
    }

    /** The Messages and Responses APIs' streams are timed as chat's: their text deltas arrive on the same schedule. */
    @Test
    void messagesAndResponsesStreamTheirDeltasOnSchedule() {
        SimClient client = new SimClient(base());
        String messages =
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\""
                        + EIGHT_TOKENS + "\"}],\"stream\":true}";
        // One token each first: the JIT's work on these paths stays out of the measured streams.
        client.stream("/v1/messages", messages.replace("\"max_tokens\":20", "\"max_tokens\":1"));
        assertOnSchedule(deltas(client.stream("/v1/messages", messages), "content_block_delta"));
        String responses = "{\"model\":\"" + MODEL + "\",\"input\":\"" + EIGHT_TOKENS + "\",\"stream\":true}";
        client.stream("/v1/responses", responses.replace("\"stream\"", "\"max_output_tokens\":1,\"stream\""));
        assertOnSchedule(deltas(client.stream("/v1/responses", responses), "response.output_text.delta"));
    }

    private static List<SimClient.Event> deltas(SimClient.Stream stream, String type) {
        assertThat(stream.status()).isEqualTo(200);
        return stream.events().stream()
                .filter(event -> !event.data().equals("[DONE]")
                        && event.json().path("type").asText().equals(type))
                .toList();
    }

    /** Eight tokens' events: the first after the time to first token, the rest one inter-token latency apart. */
    private static void assertOnSchedule(List<SimClient.Event> events) {
        assertThat(events).hasSize(8);
        double first = events.get(0).atMillis();
        assertThat(first).as("first token at %.1f ms", first).isBetween(TTFT_MS - 5.0, TTFT_MS + 150.0);
        double last = events.get(7).atMillis();
        double meanGap = (last - first) / 7;
        assertThat(meanGap).as("mean gap %.1f ms", meanGap).isBetween(ITL_MS - 10.0, ITL_MS + 30.0);
        for (int i = 1; i < 8; i++) {
            double gap = events.get(i).atMillis() - events.get(i - 1).atMillis();
            assertThat(gap)
                    .as("gap %d is %.1f ms: tokens must not arrive in a burst", i, gap)
                    .isGreaterThan(ITL_MS / 4.0);
        }
    }

    @Test
    void wholeAnswerComesAfterFirstTokenTimePlusInterTokenTimes() {
        SimClient client = new SimClient(base());
        client.post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"warm\"}");
        SimClient.Reply reply =
                client.post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + EIGHT_TOKENS + "\"}");
        assertThat(reply.json().path("usage").path("completion_tokens").asInt()).isEqualTo(8);
        double elapsed = reply.elapsedNanos() / 1e6;
        double expected = TTFT_MS + 7 * ITL_MS;
        assertThat(elapsed).as("answer after %.1f ms", elapsed).isBetween(expected - 5, expected + 200);
    }
}
