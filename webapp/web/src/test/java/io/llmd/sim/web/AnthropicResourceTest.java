package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import java.io.IOException;
import java.util.List;
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

    @Test
    void takesASystemTurnInMessagesAsTheSystemPrompt() throws IOException {
        JsonNode inline = json(sim.post(
                "/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":3,\"messages\":[{\"role\":\"system\",\"content\":\"Be terse.\"},"
                        + "{\"role\":\"user\",\"content\":\"Hello there\"}]}"));
        JsonNode top = json(sim.post(
                "/v1/messages",
                "{\"model\":\"m\",\"max_tokens\":3,\"system\":\"Be terse.\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]}"));
        assertThat(inline.path("type").asText()).as(inline.toString()).isEqualTo("message");
        assertThat(inline.at("/usage/input_tokens").asInt())
                .isEqualTo(top.at("/usage/input_tokens").asInt());
    }

    @Test
    void countsThePromptAsTheMessageRequestUsesIt() throws IOException {
        String prompt = "\"system\":\"Be terse.\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"What is in this picture?\"},{\"type\":\"image\",\"source\":{\"type\":\"url\","
                + "\"url\":\"https://example.com/a.png\"}}]},{\"role\":\"assistant\",\"content\":\"A cat.\"},"
                + "{\"role\":\"user\",\"content\":\"And its colour?\"}]";
        InMemorySim.Reply counted = sim.post("/v1/messages/count_tokens", "{\"model\":\"m\"," + prompt + "}");
        assertThat(counted.status()).isEqualTo(200);
        assertThat(counted.contentType()).startsWith("application/json");
        JsonNode count = json(counted);
        JsonNode used = json(sim.post("/v1/messages", "{\"model\":\"m\",\"max_tokens\":3," + prompt + "}"));
        int input = used.at("/usage/input_tokens").asInt();
        assertThat(input).isGreaterThan(256);
        assertThat(count.path("input_tokens").asInt()).isEqualTo(input);
        assertThat(count.at("/context_management/original_input_tokens").asInt())
                .isEqualTo(input);
        assertThat(count.size()).isEqualTo(2);
    }

    @Test
    void countingNeedsNoMaxTokensButAKnownModelAndAWellFormedPrompt() throws IOException {
        String message = "\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]";
        JsonNode plain = json(sim.post("/v1/messages/count_tokens", "{\"model\":\"m\"," + message + "}"));
        // <|im_start|> user \none two three <|im_end|> \n<|im_start|> assistant \n
        assertThat(plain.path("input_tokens").asInt()).isEqualTo(9);
        String withTools = "{\"model\":\"m\"," + message + ",\"tools\":[{\"name\":\"f\",\"input_schema\":{}}],"
                + "\"tool_choice\":{\"type\":\"any\"},\"max_tokens\":1,\"stream\":true}";
        InMemorySim.Reply tools = sim.post("/v1/messages/count_tokens", withTools);
        assertThat(tools.contentType()).startsWith("application/json");
        assertThat(json(tools).path("input_tokens").asInt()).isEqualTo(9);
        // What does not make the prompt is not read, whatever it holds: vLLM's count request has no such fields.
        for (String ignored : List.of(
                "\"max_tokens\":\"x\"",
                "\"max_tokens\":0",
                "\"max_tokens\":100000",
                "\"stream\":\"x\"",
                "\"temperature\":\"hot\"",
                "\"top_k\":[]",
                "\"stop_sequences\":[5]",
                "\"metadata\":5")) {
            InMemorySim.Reply reply =
                    sim.post("/v1/messages/count_tokens", "{\"model\":\"m\"," + message + "," + ignored + "}");
            assertThat(reply.status()).as(ignored).isEqualTo(200);
            assertThat(json(reply).path("input_tokens").asInt()).isEqualTo(9);
        }
        for (String[] bad : new String[][] {
            {"{\"model\":\"zz\"," + message + "}", "404", "NotFoundError"},
            {"{" + message + "}", "400", "BadRequestError"},
            {"{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}", "400", "BadRequestError"},
            // vLLM's count request takes no system turn in messages (its message request moves them to system).
            {
                "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":\"x\"}," + message.substring(12) + "}",
                "400",
                "BadRequestError"
            },
            {"{\"model\":\"m\",\"messages\":\"x\"}", "400", "BadRequestError"},
            {"{\"model\":\"m\"," + message + ",\"tool_choice\":{\"type\":\"tool\"}}", "400", "BadRequestError"},
            {"[1]", "400", "BadRequestError"},
            {"{", "400", "BadRequestError"},
        }) {
            InMemorySim.Reply reply = sim.post("/v1/messages/count_tokens", bad[0]);
            assertThat(reply.status()).as(bad[0]).isEqualTo(Integer.parseInt(bad[1]));
            JsonNode error = json(reply);
            assertThat(error.path("type").asText()).as(bad[0]).isEqualTo("error");
            assertThat(error.at("/error/type").asText()).as(bad[0]).isEqualTo(bad[2]);
        }
    }
}
