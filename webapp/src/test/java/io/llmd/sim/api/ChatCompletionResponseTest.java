package io.llmd.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.serialized;
import static io.llmd.sim.api.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

class ChatCompletionResponseTest {
    private static final ChatCompletionResponse RESPONSE = ChatCompletionResponse.of(
            "chatcmpl-0123456789abcdef0123456789abcdef", 1_700_000_000L, "my-lora", "Hello there.", "stop",
            Usage.of(7, 3));

    @Test
    void serializesToJson() {
        assertThat(serialized(RESPONSE)).isEqualTo(tree("chat-response.json"));
    }

    @Test
    void writesNullLogprobsAndStopReasonAsVllmDoes() {
        String json = new String(Json.bytes(RESPONSE), StandardCharsets.UTF_8);

        assertThat(json).contains("\"logprobs\":null", "\"stop_reason\":null");
    }

    @Test
    void deserializesFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("chat-response.json"), ChatCompletionResponse.class))
                .isEqualTo(RESPONSE);
    }

    @Test
    void leavesOutAMissingUsage() {
        ChatCompletionResponse response = ChatCompletionResponse.of("chatcmpl-1", 1L, "m", "x", "length", null);

        assertThat(serialized(response).has("usage")).isFalse();
        assertThat(serialized(response).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }
}
