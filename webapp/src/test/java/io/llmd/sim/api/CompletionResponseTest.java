package io.llmd.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.serialized;
import static io.llmd.sim.api.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

class CompletionResponseTest {
    private static final CompletionResponse RESPONSE = CompletionResponse.of(
            "cmpl-0123456789abcdef0123456789abcdef", 1_700_000_000L, "m", " once upon", "length", Usage.of(4, 2));

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
}
