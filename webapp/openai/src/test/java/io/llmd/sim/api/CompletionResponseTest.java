package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.serialized;
import static io.llmd.sim.api.Fixtures.tree;
import static io.llmd.sim.api.Generations.generation;
import static io.llmd.sim.api.Generations.stopped;
import static io.llmd.sim.api.Generations.text;
import static io.llmd.sim.api.Generations.withLogprobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmd.sim.core.FinishReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionResponseTest {
    private static final CompletionResponse RESPONSE = CompletionResponse.of(
            "cmpl-0123456789abcdef0123456789abcdef",
            1_700_000_000L,
            "m",
            generation(4, text(0, FinishReason.LENGTH, List.of(" once", " upon"))),
            null);

    private static final CompletionResponse ECHO_LOGPROBS = CompletionResponse.of(
            "cmpl-2",
            1_700_000_000L,
            "m",
            generation(2, withLogprobs(0, List.of(" a", " é"), 2), text(1, FinishReason.LENGTH, List.of(" x"))),
            List.of("Hi", "Bye"));

    @Test
    void serializesToJson() {
        assertThat(serialized(RESPONSE)).isEqualTo(tree("completion-response.json"));
    }

    @Test
    void writesNullLogprobsAndStopReasonAsVllmDoes() {
        String json = new String(Json.bytes(RESPONSE), StandardCharsets.UTF_8);

        assertThat(json).contains("\"logprobs\":null", "\"stop_reason\":null");
    }

    @Test
    void deserializesFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("completion-response.json"), CompletionResponse.class))
                .isEqualTo(RESPONSE);
    }

    @Test
    void echoPutsEachChoicesPromptBeforeItsTextAndLogprobOffsetsAfterIt() {
        assertThat(serialized(ECHO_LOGPROBS)).isEqualTo(tree("completion-response-echo-logprobs.json"));
    }

    @Test
    void deserializesLogprobsFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("completion-response-echo-logprobs.json"), CompletionResponse.class))
                .isEqualTo(ECHO_LOGPROBS);
    }

    @Test
    void writesAStopStringAsTheStopReason() {
        CompletionResponse response =
                CompletionResponse.of("cmpl-1", 1L, "m", generation(1, stopped(0, "\n", List.of("x"))), null);

        assertThat(serialized(response).at("/choices/0/stop_reason").asText()).isEqualTo("\n");
        assertThat(serialized(response).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void usageCountsTheTokensOfEveryChoice() {
        assertThat(ECHO_LOGPROBS.usage()).isEqualTo(new Usage(2, 5, 3));
    }
}
