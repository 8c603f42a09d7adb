package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnthropicResourceTest {
    private final InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo");

    @AfterEach
    void close() {
        sim.close();
    }

    private static JsonNode json(InMemorySim.Reply reply) throws IOException {
        return Json.mapper().readTree(reply.body());
    }

    @Test
    void answersAMessage() throws IOException {
        InMemorySim.Reply reply = sim.post(
                "/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hello simulator\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = json(reply);
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.at("/content/0/text").asText()).isEqualTo("hello simulator");
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        // The chat template's markers count too: <|im_start|> user \nhello simulator <|im_end|> \n<|im_start|>
        // assistant \n
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(8);
        assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void streamsNamedEvents() {
        InMemorySim.Reply reply = sim.post(
                "/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(reply.body())
                .startsWith("event: message_start\n")
                .contains("event: ping\n", "\"text_delta\",\"text\":\"hi\"")
                .endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\ndata: [DONE]\n\n");
    }

    @Test
    void writesEveryErrorOnItsPathInAnthropicsShape() throws IOException {
        for (String body : new String[] {
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "{\"model\":\"zz\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "{\"model\":\"m\",\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}",
            "{\"model\":\"m\",\"max_tokens\":[],\"messages\":[]}",
            "{",
        }) {
            InMemorySim.Reply reply = sim.post("/v1/messages", body);
            assertThat(reply.status()).as(body).isBetween(400, 404);
            JsonNode json = json(reply);
            assertThat(json.path("type").asText()).as(body).isEqualTo("error");
            assertThat(json.at("/error/message").asText()).isNotBlank();
            assertThat(json.at("/error/type").asText()).endsWith("Error");
            assertThat(json.has("code")).isFalse();
        }
        InMemorySim.Reply forced = sim.post("/v1/messages", "{}", "X-Return-Error", "500");
        assertThat(forced.status()).isEqualTo(500);
        assertThat(json(forced).path("type").asText()).isEqualTo("error");
    }

    @Test
    void leavesOtherPathsInOpenAisShape() throws IOException {
        JsonNode chat = json(sim.post("/v1/chat/completions", "{\"messages\":[]}"));
        assertThat(chat.at("/error/code").asInt()).isEqualTo(400);
        assertThat(chat.has("type")).isFalse();
    }
}
