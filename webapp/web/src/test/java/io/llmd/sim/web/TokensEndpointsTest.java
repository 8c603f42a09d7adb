package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /inference/v1/generate} and the render endpoints, which must agree with {@code /tokenize}. */
class TokensEndpointsTest {
    private final InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo");

    @AfterEach
    void close() {
        sim.close();
    }

    private static JsonNode json(InMemorySim.Reply reply) throws IOException {
        return Json.mapper().readTree(reply.body());
    }

    @Test
    void rendersAChatPromptAsTokenizeCountsIt() throws IOException {
        String messages =
                "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi you\"}]";
        JsonNode rendered = json(sim.post("/v1/chat/completions/render", "{" + messages + "}"));
        JsonNode tokenized = json(sim.post("/tokenize", "{" + messages + "}"));
        assertThat(rendered.path("token_ids")).isEqualTo(tokenized.path("tokens"));
        assertThat(rendered.path("token_ids")).hasSize(tokenized.path("count").asInt());
    }

    @Test
    void rendersEachCompletionPrompt() throws IOException {
        JsonNode rendered = json(sim.post("/v1/completions/render", "{\"prompt\":[\"one two\",[7,8,9]]}"));
        assertThat(rendered).hasSize(2);
        assertThat(rendered.at("/0/token_ids"))
                .isEqualTo(
                        json(sim.post("/tokenize", "{\"prompt\":\"one two\"}")).path("tokens"));
        assertThat(rendered.at("/1/token_ids").toString()).isEqualTo("[7,8,9]");
    }

    @Test
    void generatesTheRenderedPromptsIdsBackInEchoMode() throws IOException {
        JsonNode ids = json(sim.post("/v1/completions/render", "{\"prompt\":\"echo these words\"}"))
                .at("/0/token_ids");
        JsonNode answer = json(sim.post(
                "/inference/v1/generate", "{\"token_ids\":" + ids + ",\"sampling_params\":{\"max_tokens\":10}}"));
        assertThat(answer.at("/choices/0/token_ids")).isEqualTo(ids);
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamsTokenIds() {
        InMemorySim.Reply reply = sim.post(
                "/inference/v1/generate",
                "{\"token_ids\":[1,2],\"stream\":true,\"sampling_params\":{\"max_tokens\":1}}");
        assertThat(reply.contentType()).startsWith("text/event-stream");
        assertThat(reply.body()).contains("\"token_ids\":[").endsWith("data: [DONE]\n\n");
    }

    @Test
    void refusesInVllmsShape() throws IOException {
        InMemorySim.Reply reply = sim.post("/inference/v1/generate", "{\"token_ids\":[1]}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(json(reply).at("/error/param").asText()).isEqualTo("sampling_params");
        assertThat(sim.post("/v1/chat/completions/render", "{\"messages\":[]}").status())
                .isEqualTo(400);
        assertThat(sim.post("/v1/completions/render", "{\"prompt\":\"x\",\"model\":\"nope\"}")
                        .status())
                .isEqualTo(404);
    }
}
