package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The very first request a new server gets, with no warm-up by the client, is on time: the
 * deployment warmed itself up before it reported ready (issue 11). One scenario per server, so
 * that it is the server's first request; bands are wide, since the machines are shared and noisy
 * (the targets, 10 ms, are measured by the benchmark's "cold" section, not here).
 */
abstract class FirstRequestScenarios {
    static final String MODEL = "first-model";
    static final int TTFT_MS = 200;
    static final int ITL_MS = 100;
    static final Map<String, String> SETTINGS = Map.of(
            "model",
            MODEL,
            "mode",
            "echo",
            "time-to-first-token",
            Integer.toString(TTFT_MS),
            "inter-token-latency",
            Integer.toString(ITL_MS));
    /** Eight tokens: "one", " two", ... */
    static final String EIGHT_TOKENS = "one two three four five six seven eight";

    abstract URI base();

    @Test
    void theFirstStreamedRequestGetsItsTokensOnTimeOneByOne() {
        SimClient client = new SimClient(base());
        SimClient.Stream stream =
                client.stream("/v1/chat/completions", SimClient.chat(MODEL, EIGHT_TOKENS, "\"stream\":true"));
        List<SimClient.Event> events = stream.events();
        assertThat(events).hasSize(9);
        double first = events.get(0).atMillis();
        assertThat(first).as("first token at %.1f ms", first).isBetween(TTFT_MS - 5.0, TTFT_MS + 150.0);
        for (int i = 1; i < 8; i++) {
            double gap = events.get(i).atMillis() - events.get(i - 1).atMillis();
            assertThat(gap)
                    .as("gap %d is %.1f ms: each token on its own, near its time", i, gap)
                    .isBetween(ITL_MS / 2.0, ITL_MS + 60.0);
        }
    }
}
