package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;

/**
 * What the official Node SDKs must see from a server in echo mode with an API key (see
 * {@link NodeSdks}): OpenAI's chat, Responses and embeddings, streamed where they stream, and
 * Anthropic's Messages and token count with both the SDK that sends the key as
 * {@code Authorization: Bearer} (1.x) and the one that sends it as {@code X-Api-Key} (0.x).
 * Every finding is collected before the test fails, so one run shows them all.
 */
final class NodeSdkChecks {
    private NodeSdkChecks() {}

    static void verify(URI base, String apiKey, String model) {
        JsonNode results = NodeSdks.run(base, apiKey, model);
        SoftAssertions soft = new SoftAssertions();
        openAi(soft, results.path("openai"), apiKey);
        anthropic(soft, results.at("/anthropic/current"), "Authorization", "Bearer " + apiKey);
        anthropic(soft, results.at("/anthropic/beforeOne"), "X-Api-Key", apiKey);
        soft.assertAll();
    }

    private static void openAi(SoftAssertions soft, JsonNode openai, String apiKey) {
        JsonNode chat = openai.path("chat");
        soft.assertThat(chat.path("text").asText()).as("chat: %s", chat).isEqualTo("Hello from the Node SDK");
        soft.assertThat(chat.path("finishReason").asText()).as("chat").isEqualTo("stop");
        usage(soft, "chat", chat.path("usage"), "prompt_tokens", "completion_tokens", 5);

        JsonNode chatStream = openai.path("chatStream");
        soft.assertThat(chatStream.path("text").asText())
                .as("streamed chat: %s", chatStream)
                .isEqualTo("Stream this to Node");
        soft.assertThat(chatStream.path("finishReason").asText())
                .as("streamed chat")
                .isEqualTo("stop");
        soft.assertThat(chatStream.path("chunks").asInt())
                .as("streamed chat chunks")
                .isGreaterThanOrEqualTo(4);
        usage(soft, "streamed chat", chatStream.path("usage"), "prompt_tokens", "completion_tokens", 4);

        JsonNode responses = openai.path("responses");
        soft.assertThat(responses.path("status").asText())
                .as("responses: %s", responses)
                .isEqualTo("completed");
        soft.assertThat(responses.path("text").asText()).as("responses").isEqualTo("Respond from Node");
        usage(soft, "responses", responses.path("usage"), "input_tokens", "output_tokens", 3);

        JsonNode responsesStream = openai.path("responsesStream");
        List<String> types = texts(responsesStream.path("types"));
        soft.assertThat(types)
                .as("streamed responses: %s", responsesStream)
                .startsWith("response.created", "response.in_progress")
                .endsWith("response.output_item.done", "response.completed")
                .contains("response.output_text.delta", "response.output_text.done");
        List<Integer> sequence = new ArrayList<>();
        responsesStream.path("sequence").forEach(number -> sequence.add(number.asInt(-1)));
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            expected.add(i);
        }
        soft.assertThat(sequence).as("streamed responses' sequence numbers").isEqualTo(expected);
        soft.assertThat(responsesStream.path("deltas").asText())
                .as("streamed responses")
                .isEqualTo("Respond in a stream");
        soft.assertThat(responsesStream.path("status").asText())
                .as("streamed responses")
                .isEqualTo("completed");
        usage(soft, "streamed responses", responsesStream.path("usage"), "input_tokens", "output_tokens", 4);

        embeddings(soft, openai.path("embeddings"));

        JsonNode wrongKey = openai.path("wrongKey");
        soft.assertThat(wrongKey.path("status").asInt())
                .as("OpenAI SDK, wrong key: %s", wrongKey)
                .isEqualTo(401);
        soft.assertThat(wrongKey.at("/body/type").asText())
                .as("OpenAI SDK, wrong key")
                .isEqualTo("AuthenticationError");

        JsonNode requests = openai.path("requests");
        soft.assertThat(requests.size()).as("OpenAI SDK requests").isEqualTo(6);
        for (JsonNode request : requests) {
            soft.assertThat(request.path("authorization").asText())
                    .as("OpenAI SDK request %s", request)
                    .isEqualTo("Bearer " + apiKey);
        }
        soft.assertThat(requests.at("/4/encodingFormat").asText())
                .as("what the OpenAI SDK asks embeddings for by default")
                .isEqualTo("base64");
    }

    private static void embeddings(SoftAssertions soft, JsonNode embeddings) {
        JsonNode vectors = embeddings.path("vectors");
        JsonNode floats = embeddings.path("floatVectors");
        soft.assertThat(vectors.size()).as("embeddings: %s", embeddings).isEqualTo(2);
        for (int i = 0; i < vectors.size(); i++) {
            JsonNode vector = vectors.get(i);
            soft.assertThat(vector.size()).as("embedding %s's dimensions", i).isEqualTo(8);
            double norm = 0;
            for (int j = 0; j < vector.size(); j++) {
                double value = vector.get(j).asDouble();
                norm += value * value;
                // The SDK decoded base64 float32s: the same numbers the float format gives.
                soft.assertThat(value)
                        .as("embedding %s[%s], base64 and float", i, j)
                        .isCloseTo(floats.path(i).path(j).asDouble(Double.NaN), within(1e-6));
            }
            soft.assertThat(Math.sqrt(norm)).as("embedding %s's length", i).isCloseTo(1.0, within(1e-5));
        }
        soft.assertThat(vectors.path(0)).as("two inputs' embeddings").isNotEqualTo(vectors.path(1));
        soft.assertThat(embeddings.at("/usage/prompt_tokens").asInt())
                .as("embeddings' usage")
                .isPositive();
    }

    private static void anthropic(SoftAssertions soft, JsonNode checks, String header, String value) {
        String sdk = "Anthropic SDK sending " + header;
        JsonNode message = checks.path("message");
        soft.assertThat(message.at("/content/0/type").asText())
                .as("%s, message: %s", sdk, message)
                .isEqualTo("text");
        soft.assertThat(message.at("/content/0/text").asText()).as(sdk).isEqualTo("Hello Claude from Node");
        soft.assertThat(message.path("stopReason").asText()).as(sdk).isEqualTo("end_turn");
        soft.assertThat(message.at("/usage/output_tokens").asInt()).as(sdk).isEqualTo(4);
        int inputTokens = message.at("/usage/input_tokens").asInt();
        soft.assertThat(inputTokens).as(sdk).isPositive();

        JsonNode stream = checks.path("messageStream");
        soft.assertThat(texts(stream.path("types")))
                .as("%s, streamed: %s", sdk, stream)
                .startsWith("message_start", "content_block_start")
                .endsWith("content_block_stop", "message_delta", "message_stop")
                .contains("content_block_delta");
        soft.assertThat(stream.path("deltas").asText()).as(sdk).isEqualTo("Stream Claude to Node");
        soft.assertThat(stream.at("/content/0/text").asText()).as(sdk).isEqualTo("Stream Claude to Node");
        soft.assertThat(stream.path("stopReason").asText()).as(sdk).isEqualTo("end_turn");
        soft.assertThat(stream.at("/usage/output_tokens").asInt()).as(sdk).isEqualTo(4);

        for (String form : List.of("whole", "streamed")) {
            JsonNode tool = checks.at("/toolUse/" + form);
            soft.assertThat(tool.at("/content/0/type").asText())
                    .as("%s, %s tool use: %s", sdk, form, checks.path("toolUse"))
                    .isEqualTo("tool_use");
            soft.assertThat(tool.at("/content/0/name").asText()).as(sdk).isEqualTo("get_weather");
            soft.assertThat(tool.at("/content/0/input/city").asText()).as(sdk).hasSizeGreaterThanOrEqualTo(2);
            soft.assertThat(tool.path("stopReason").asText()).as(sdk).isEqualTo("tool_use");
        }

        JsonNode count = checks.path("countTokens");
        soft.assertThat(count.path("inputTokens").asInt(-1))
                .as("%s, count_tokens against the message's usage: %s", sdk, count)
                .isEqualTo(inputTokens);
        soft.assertThat(count.at("/count/context_management/original_input_tokens")
                        .asInt(-1))
                .as(sdk)
                .isEqualTo(inputTokens);

        JsonNode wrongKey = checks.path("wrongKey");
        soft.assertThat(wrongKey.path("status").asInt())
                .as("%s, wrong key: %s", sdk, wrongKey)
                .isEqualTo(401);
        soft.assertThat(wrongKey.at("/body/type").asText()).as(sdk).isEqualTo("error");
        soft.assertThat(wrongKey.at("/body/error/type").asText()).as(sdk).isEqualTo("AuthenticationError");

        JsonNode unknown = checks.path("unknownModel");
        soft.assertThat(unknown.path("status").asInt())
                .as("%s, unknown model: %s", sdk, unknown)
                .isEqualTo(404);
        soft.assertThat(unknown.at("/body/error/type").asText()).as(sdk).isEqualTo("NotFoundError");

        JsonNode requests = checks.path("requests");
        soft.assertThat(requests.size()).as("%s, requests", sdk).isEqualTo(6);
        boolean bearer = header.equals("Authorization");
        for (JsonNode request : requests) {
            soft.assertThat(request.path(bearer ? "authorization" : "xApiKey").asText())
                    .as("%s, request %s", sdk, request)
                    .isEqualTo(value);
            soft.assertThat(request.path(bearer ? "xApiKey" : "authorization").isNull())
                    .as("%s sends only that header: %s", sdk, request)
                    .isTrue();
        }
    }

    private static void usage(
            SoftAssertions soft, String what, JsonNode usage, String prompt, String completion, int completionTokens) {
        soft.assertThat(usage.path(completion).asInt())
                .as("%s usage: %s", what, usage)
                .isEqualTo(completionTokens);
        soft.assertThat(usage.path(prompt).asInt()).as("%s usage", what).isPositive();
        soft.assertThat(usage.path("total_tokens").asInt())
                .as("%s usage", what)
                .isEqualTo(usage.path(prompt).asInt() + usage.path(completion).asInt());
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
