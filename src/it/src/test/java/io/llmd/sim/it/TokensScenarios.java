package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * vLLM's token-level endpoints over HTTP: the render endpoints give a prompt's ids as {@code
 * /tokenize} does, and {@code /inference/v1/generate} answers ids, streamed and not, through the
 * same scheduler, failures and error shape as chat.
 */
abstract class TokensScenarios {
    static final String MODEL = "tokens-model";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "mode", "echo",
            "lora-modules", "tuned=/adapters/tuned",
            "max-model-len", "100",
            "inter-token-latency", "2");

    abstract URI base();

    SimClient client() {
        return new SimClient(base());
    }

    @Test
    void aRenderedChatPromptGoesThroughGenerateAndComesBackInEchoMode() {
        SimClient client = client();
        JsonNode ids = client.post(
                        "/v1/chat/completions/render",
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"echo me back\"}]}")
                .json()
                .path("token_ids");
        JsonNode tokenized = client.post(
                        "/tokenize", "{\"messages\":[{\"role\":\"user\",\"content\":\"echo me back\"}]}")
                .json();
        assertThat(ids).isEqualTo(tokenized.path("tokens"));
        // The ids are the rendered chat template's, as vLLM's: the message between the roles' markers.
        assertThat(client.post("/detokenize", "{\"tokens\":" + ids + "}")
                        .json()
                        .path("prompt")
                        .asText())
                .isEqualTo("<|im_start|>user\necho me back<|im_end|>\n<|im_start|>assistant\n");
        SimClient.Reply reply = client.post(
                "/inference/v1/generate",
                "{\"model\":\"" + MODEL + "\",\"token_ids\":" + ids + ",\"sampling_params\":{\"max_tokens\":10}}");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode answer = reply.json();
        assertThat(answer.at("/choices/0/token_ids")).isEqualTo(ids);
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.at("/usage/prompt_tokens").asInt()).isEqualTo(9);
        assertThat(answer.path("model").asText()).isEqualTo(MODEL);
    }

    @Test
    void rendersEveryCompletionPrompt() {
        JsonNode rendered = client().post("/v1/completions/render", "{\"prompt\":[\"a b\",[4,5,6]]}")
                .json();
        assertThat(rendered.isArray()).isTrue();
        assertThat(rendered.at("/0/token_ids")).hasSize(2);
        assertThat(rendered.at("/1/token_ids").toString()).isEqualTo("[4,5,6]");
    }

    @Test
    void streamsIdsChunkByChunkWithUsage() {
        SimClient.Stream stream = client().stream(
                "/inference/v1/generate",
                "{\"request_id\":\"mine\",\"token_ids\":[1,2,3],\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"sampling_params\":{\"max_tokens\":2,"
                        + "\"ignore_eos\":true}}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.events()).hasSize(4);
        JsonNode first = stream.events().get(0).json();
        assertThat(first.path("request_id").asText()).isEqualTo("mine");
        assertThat(first.at("/choices/0/token_ids")).hasSize(1);
        assertThat(stream.events().get(1).json().at("/choices/0/finish_reason").asText())
                .isEqualTo("length");
        assertThat(stream.events().get(2).json().at("/usage/completion_tokens").asInt())
                .isEqualTo(2);
        assertThat(stream.events().get(3).data()).isEqualTo("[DONE]");
    }

    @Test
    void answersForALoraAdapterUnderItsName() {
        SimClient client = client();
        JsonNode answer = client.post(
                        "/inference/v1/generate",
                        "{\"model\":\"tuned\",\"token_ids\":[1,2,3],\"sampling_params\":{\"max_tokens\":2,"
                                + "\"ignore_eos\":true}}")
                .json();
        assertThat(answer.path("model").asText()).isEqualTo("tuned");
        assertThat(answer.at("/choices/0/token_ids")).hasSize(2);
        SimClient.Stream stream = client.stream(
                "/inference/v1/generate",
                "{\"model\":\"tuned\",\"token_ids\":[1,2,3],\"stream\":true,\"sampling_params\":{\"max_tokens\":2,"
                        + "\"ignore_eos\":true}}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.events().get(stream.events().size() - 1).data()).isEqualTo("[DONE]");
    }

    @Test
    void refusesInVllmsShapeAndFailsOnDemand() {
        SimClient client = client();
        EndpointsScenarios.assertError(
                client.post("/inference/v1/generate", "{\"token_ids\":[1]}"),
                400,
                "BadRequestError",
                "sampling_params");
        EndpointsScenarios.assertError(
                client.post("/inference/v1/generate", "{\"token_ids\":[],\"sampling_params\":{}}"),
                400,
                "BadRequestError",
                "token_ids");
        EndpointsScenarios.assertError(
                client.post("/inference/v1/generate", "{\"model\":\"nope\",\"token_ids\":[1],\"sampling_params\":{}}"),
                404,
                "NotFoundError",
                "model");
        EndpointsScenarios.assertError(
                client.withHeaders("X-Return-Error", "503")
                        .post("/inference/v1/generate", "{\"token_ids\":[1],\"sampling_params\":{}}"),
                503,
                "InternalServerError",
                null);
        EndpointsScenarios.assertError(
                client.post("/v1/chat/completions/render", "{\"messages\":[]}"), 400, "BadRequestError", "messages");
    }
}
