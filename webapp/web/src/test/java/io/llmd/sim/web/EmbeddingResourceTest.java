package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingResourceTest {
    private final InMemorySim sim =
            new InMemorySim("--model", "m", "--lora", "adapter", "--default-embedding-dimensions", "16");

    @AfterEach
    void close() {
        sim.close();
    }

    private static JsonNode json(InMemorySim.Reply reply) throws IOException {
        return Json.mapper().readTree(reply.body());
    }

    @Test
    void answersOneUnitVectorPerInputOfTheServersDefaultLength() throws IOException {
        InMemorySim.Reply reply = sim.post("/v1/embeddings", "{\"input\":[\"Hello big world\",\"hi\"]}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = json(reply);
        assertThat(body.path("id").textValue()).startsWith("embd-");
        assertThat(body.path("object").textValue()).isEqualTo("list");
        assertThat(body.path("model").textValue()).isEqualTo("m");
        assertThat(body.path("data")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode item = body.path("data").get(i);
            assertThat(item.path("index").intValue()).isEqualTo(i);
            assertThat(item.path("object").textValue()).isEqualTo("embedding");
            assertThat(item.path("embedding")).hasSize(16);
            double norm = 0;
            for (JsonNode value : item.path("embedding")) {
                norm += value.doubleValue() * value.doubleValue();
            }
            assertThat(norm).isBetween(0.9999, 1.0001);
        }
        assertThat(body.path("usage").path("prompt_tokens").intValue()).isEqualTo(4);
        assertThat(body.path("usage").path("total_tokens").intValue()).isEqualTo(4);
    }

    @Test
    void givesTheSameInputTheSameVectorAndTheRequestsDimensions() throws IOException {
        String request = "{\"input\":\"same words\",\"dimensions\":5,\"model\":\"adapter\"}";
        JsonNode first = json(sim.post("/v1/embeddings", request));
        JsonNode second = json(sim.post("/v1/embeddings", request));
        assertThat(first.at("/data/0/embedding")).hasSize(5).isEqualTo(second.at("/data/0/embedding"));
        assertThat(first.path("model").textValue()).isEqualTo("adapter");
        assertThat(first.path("id")).isNotEqualTo(second.path("id"));
    }

    @Test
    void answersBase64WhenAsked() throws IOException {
        JsonNode body = json(sim.post("/v1/embeddings", "{\"input\":[[1,2],[3]],\"encoding_format\":\"base64\"}"));
        assertThat(body.at("/data/0/embedding").isTextual()).isTrue();
        assertThat(java.util.Base64.getDecoder()
                        .decode(body.at("/data/1/embedding").textValue()))
                .hasSize(16 * Float.BYTES);
        assertThat(body.at("/usage/prompt_tokens").intValue()).isEqualTo(3);
    }

    @Test
    void refusesAnUnknownModelAsVllmDoes() throws IOException {
        InMemorySim.Reply reply = sim.post("/v1/embeddings", "{\"input\":\"a\",\"model\":\"nope\"}");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(json(reply).at("/error/message").textValue()).isEqualTo("The model `nope` does not exist.");
    }

    @Test
    void refusesAnInputLongerThanTheContextInVllmsWords() throws IOException {
        String words = " word".repeat(1100);
        InMemorySim.Reply reply = sim.post("/v1/embeddings", "{\"input\":\"" + words + "\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(json(reply).at("/error/message").textValue())
                .isEqualTo("This model's maximum context length is 1024 tokens. However, you requested 1100 tokens "
                        + "in the input for embedding generation. Please reduce the length of the input.");
    }

    @Test
    void refusesBadInputWithA400InOpenAisShape() throws IOException {
        InMemorySim.Reply reply = sim.post("/v1/embeddings", "{\"input\":[]}");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(json(reply).at("/error/param").textValue()).isEqualTo("input");
        assertThat(json(reply).at("/error/code").intValue()).isEqualTo(400);
    }

    @Test
    void failsOnDemandLikeEveryGenerationRequest() throws IOException {
        InMemorySim.Reply reply = sim.post("/v1/embeddings", "{\"input\":\"a\"}", "X-Return-Error", "503");
        assertThat(reply.status()).isEqualTo(503);
        assertThat(json(reply).at("/error/code").intValue()).isEqualTo(503);
    }
}
