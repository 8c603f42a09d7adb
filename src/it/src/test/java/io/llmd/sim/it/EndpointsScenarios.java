package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint and error of the foundation, run against a simulator configured with
 * {@link #SETTINGS}; subclasses provide it as a deployed WAR or as the launcher.
 */
abstract class EndpointsScenarios {
    static final String MODEL = "Qwen/Qwen2.5-1.5B-Instruct";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "served-model-name", MODEL + " qwen-alias",
            "lora", "tweet-summary-0,tweet-summary-1",
            "mode", "echo",
            "seed", "42",
            // Without VLLM_SERVER_DEV_MODE=1: the flag alone serves no sleep endpoint, as in vLLM. The
            // variable is set to 0, whatever the environment running the tests has.
            "enable-sleep-mode", "true",
            "VLLM_SERVER_DEV_MODE", "0");

    /** The simulator's root URL. */
    abstract URI base();

    SimClient client() {
        return new SimClient(base());
    }

    @Test
    void listsServedNamesAndAdaptersWithTheirParent() {
        SimClient.Reply reply = client().get("/v1/models");
        assertThat(reply.status()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        body.path("data").forEach(card -> ids.add(card.path("id").asText()));
        assertThat(ids).containsExactly(MODEL, "qwen-alias", "tweet-summary-0", "tweet-summary-1");
        JsonNode lora = body.path("data").get(2);
        assertThat(lora.path("parent").asText()).isEqualTo(MODEL);
        assertThat(lora.path("owned_by").asText()).isEqualTo("vllm");
        assertThat(body.path("data").get(0).path("parent").isNull()).isTrue();
        assertThat(body.path("data").get(0).path("max_model_len").asInt()).isEqualTo(1024);
    }

    @Test
    void chatEchoesTheLastUserMessageWithUsage() {
        String request = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
                + "{\"role\":\"user\",\"content\":\"Hello there, world!\"}],\"temperature\":0.2,\"some_unknown\":1}";
        SimClient.Reply reply = client().post("/v1/chat/completions", request);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode body = reply.json();
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo(MODEL);
        assertThat(body.path("created").asLong()).isPositive();
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("Hello there, world!");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        // As vLLM, the chat template is counted: "<|im_start|>" "system" "\nBe" " brief" "." "<|im_end|>",
        // "\n<|im_start|>" "user" "\nHello" " there" "," " world" "!" "<|im_end|>", "\n<|im_start|>" "assistant" "\n".
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(17);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(22);
    }

    @Test
    void maxTokensCutsTheAnswerWithFinishReasonLength() {
        SimClient.Reply reply = client().post(
                        "/v1/chat/completions", SimClient.chat(MODEL, "one two three four five", "\"max_tokens\":2"));
        JsonNode choice = reply.json().path("choices").get(0);
        assertThat(choice.path("message").path("content").asText()).isEqualTo("one two");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(reply.json().path("usage").path("completion_tokens").asInt()).isEqualTo(2);

        SimClient.Reply newer = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(
                                MODEL, "one two three four five", "\"max_tokens\":2,\"max_completion_tokens\":3"));
        assertThat(newer.json()
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isEqualTo("one two three");
    }

    @Test
    void answersUnderTheNameTheClientAskedFor() {
        for (String name : List.of("qwen-alias", "tweet-summary-1")) {
            SimClient.Reply reply = client().post("/v1/chat/completions", SimClient.chat(name, "hi", ""));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("model").asText()).isEqualTo(name);
        }
    }

    @Test
    void completionsEchoThePrompt() {
        SimClient.Reply reply =
                client().post("/v1/completions", "{\"model\":\"tweet-summary-0\",\"prompt\":\"The quick brown fox\"}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("id").asText()).startsWith("cmpl-");
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("model").asText()).isEqualTo("tweet-summary-0");
        assertThat(body.path("choices").get(0).path("text").asText()).isEqualTo("The quick brown fox");
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void completionsDefaultToSixteenTokensAsVllmDoes() {
        String prompt = "a b c d e f g h i j k l m n o p q r s t";
        SimClient.Reply reply =
                client().post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + prompt + "\"}");
        assertThat(reply.json().path("usage").path("completion_tokens").asInt()).isEqualTo(16);
        assertThat(reply.json().path("choices").get(0).path("finish_reason").asText())
                .isEqualTo("length");
    }

    @Test
    void streamedChatSendsOneTokenPerEventThenDone() {
        SimClient.Stream stream = client().stream(
                "/v1/chat/completions", SimClient.chat(MODEL, "Hello there, world!", "\"stream\":true"));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        List<SimClient.Event> events = stream.events();
        assertThat(events).hasSize(6);
        assertThat(events.get(5).data()).isEqualTo("[DONE]");
        StringBuilder text = new StringBuilder();
        String id = events.get(0).json().path("id").asText();
        for (int i = 0; i < 5; i++) {
            JsonNode chunk = events.get(i).json();
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo(id);
            assertThat(chunk.path("model").asText()).isEqualTo(MODEL);
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("delta").has("role")).isEqualTo(i == 0);
            text.append(choice.path("delta").path("content").asText());
            assertThat(choice.path("finish_reason").isNull()).isEqualTo(i < 4);
        }
        assertThat(text.toString()).isEqualTo("Hello there, world!");
        assertThat(events.get(4)
                        .json()
                        .path("choices")
                        .get(0)
                        .path("finish_reason")
                        .asText())
                .isEqualTo("stop");
        assertThat(stream.rawBody()).doesNotContain("usage");
    }

    @Test
    void streamedUsageComesJustBeforeDoneWhenAskedFor() {
        SimClient.Stream stream = client().stream(
                "/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":\"one two three\",\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true}}");
        List<SimClient.Event> events = stream.events();
        assertThat(events).hasSize(5);
        assertThat(events.get(0).json().path("object").asText()).isEqualTo("text_completion");
        JsonNode usageChunk = events.get(3).json();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(6);
        assertThat(events.get(4).data()).isEqualTo("[DONE]");
    }

    @Test
    void unknownModelIsA404NamingIt() {
        SimClient.Reply reply = client().post("/v1/chat/completions", SimClient.chat("no-such-model", "hi", ""));
        assertError(reply, 404, "NotFoundError", "model");
        assertThat(reply.json().path("error").path("message").asText())
                .isEqualTo("The model `no-such-model` does not exist.");
        assertError(
                client().post("/v1/chat/completions", SimClient.chat("no-such-model", "hi", "\"stream\":true")),
                404,
                "NotFoundError",
                "model");
    }

    @Test
    void malformedRequestsAre400WithVllmsBody() {
        SimClient client = client();
        assertError(
                client.post("/v1/chat/completions", "{\"model\": \"" + MODEL + "\", \"messages\": ["),
                400,
                "BadRequestError",
                null);
        assertError(client.post("/v1/chat/completions", "not json at all"), 400, "BadRequestError", null);
        assertError(client.post("/v1/chat/completions", ""), 400, "BadRequestError", null);
        assertError(
                client.post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\"}"),
                400,
                "BadRequestError",
                "messages");
        assertError(
                client.post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":[]}"),
                400,
                "BadRequestError",
                "messages");
        assertError(
                client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"max_tokens\":\"many\"")),
                400,
                "BadRequestError",
                "max_tokens");
        assertError(
                client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"max_tokens\":0")),
                400,
                "BadRequestError",
                "max_tokens");
        assertError(
                client.post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":\"hello\"}"),
                400,
                "BadRequestError",
                "messages");
        assertError(client.post("/v1/chat/completions", "[1,2,3]"), 400, "BadRequestError", null);
        assertError(client.post("/v1/completions", "{\"model\":\"" + MODEL + "\"}"), 400, "BadRequestError", "prompt");
        assertError(
                client.post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"x\",\"max_tokens\":-1}"),
                400,
                "BadRequestError",
                "max_tokens");
    }

    @Test
    void promptOverTheContextIsRefusedWithTheNumbers() {
        SimClient.Reply reply =
                client().post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"max_tokens\":5000"));
        assertError(reply, 400, "BadRequestError", "max_tokens");
        // "hi" is 7 prompt tokens with the chat template's markers around it.
        assertThat(reply.json().path("error").path("message").asText())
                .contains("1024")
                .contains("5007 tokens (7 in the messages, 5000 in the completion)");
    }

    @Test
    void unknownRoutesAndMethodsAnswerJsonErrors() {
        assertError(client().get("/v1/nothing-here"), 404, "NotFoundError", null);
        assertError(client().get("/v1/chat/completions"), 405, "MethodNotAllowedError", null);
    }

    @Test
    void sleepEndpointsAreUnknownRoutesWithoutDevModeAsInVllm() {
        assertError(client().post("/sleep?level=1", ""), 404, "NotFoundError", null);
        assertError(client().post("/wake_up", ""), 404, "NotFoundError", null);
        assertError(client().get("/is_sleeping"), 404, "NotFoundError", null);
    }

    @Test
    void aBadRequestLeavesTheServerWorking() {
        client().post("/v1/chat/completions", "{{{{");
        SimClient.Reply reply = client().post("/v1/chat/completions", SimClient.chat(MODEL, "still here", ""));
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json()
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isEqualTo("still here");
    }

    @Test
    void healthIs200() {
        assertThat(client().get("/health").status()).isEqualTo(200);
    }

    @Test
    void metricsExposeVllmGaugesInPrometheusText() {
        SimClient.Reply reply = client().get("/metrics");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.contentType()).startsWith("text/plain");
        String text = reply.body();
        assertThat(text)
                .contains("# TYPE vllm:num_requests_running gauge")
                .contains("# TYPE vllm:num_requests_waiting gauge")
                .contains("# TYPE vllm:lora_requests_info gauge");
        assertThat(SimClient.metric(text, "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}"))
                .isZero();
        assertThat(SimClient.metric(text, "vllm:num_requests_waiting{engine=\"0\",model_name=\"" + MODEL + "\"}"))
                .isZero();
        assertThat(text).contains("vllm:lora_requests_info{max_lora=\"1\"");
    }

    static void assertError(SimClient.Reply reply, int status, String type, String param) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        JsonNode error = reply.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("code").asInt()).isEqualTo(status);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.has("param")).isTrue();
        if (param == null) {
            assertThat(error.path("param").isNull()).as(error.toString()).isTrue();
        } else {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
    }
}
