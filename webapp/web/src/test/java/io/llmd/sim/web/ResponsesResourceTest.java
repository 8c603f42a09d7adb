package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResponsesResourceTest {
    private final InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo", "--max-model-len", "100");

    @AfterEach
    void close() {
        sim.close();
    }

    private static JsonNode json(InMemorySim.Reply reply) throws IOException {
        return Json.mapper().readTree(reply.body());
    }

    @Test
    void answersAResponseObject() throws IOException {
        InMemorySim.Reply reply = sim.post("/v1/responses", "{\"input\":\"hello simulator\",\"model\":\"m\"}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = json(reply);
        assertThat(body.path("object").asText()).isEqualTo("response");
        assertThat(body.path("id").asText()).startsWith("resp_");
        assertThat(body.at("/output/0/content/0/text").asText()).isEqualTo("hello simulator");
        assertThat(body.at("/output/0/id").asText())
                .isEqualTo("msg_" + body.path("id").asText().substring(5));
        // The chat template's markers count too: <|im_start|> user \nhello simulator <|im_end|> \n<|im_start|>
        // assistant \n
        assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void streamsNamedEventsWithoutDone() {
        InMemorySim.Reply reply = sim.post("/v1/responses", "{\"input\":\"hi\",\"stream\":true}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(reply.body())
                .startsWith("event: response.created\n")
                .contains("event: response.output_text.delta\n")
                .doesNotContain("[DONE]");
        assertThat(reply.body().strip()).contains("event: response.completed\n");
    }

    @Test
    void refusesInOpenAisShape() throws IOException {
        InMemorySim.Reply reply = sim.post("/v1/responses", "{\"input\":\"hi\",\"max_output_tokens\":500}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(json(reply).at("/error/code").asInt()).isEqualTo(400);
        InMemorySim.Reply unknown = sim.post("/v1/responses", "{\"input\":\"hi\",\"model\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
    }
}
