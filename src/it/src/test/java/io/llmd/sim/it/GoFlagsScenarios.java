package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Go simulator's flags, set as its users set them (Go durations, its tool-call bounds, its
 * latency calculator, several tool calls per answer, omni mode and its image time, an engine knob
 * that is ignored, a dataset of recorded answers), doing what they mean end to end.
 */
abstract class GoFlagsScenarios {
    static final String MODEL = "go-flags-model";
    static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("model", MODEL),
            Map.entry("time-to-first-token", "200ms"),
            Map.entry("prefill-time-per-token", "50ms"),
            Map.entry("latency-calculator", "constant"),
            Map.entry("min-tool-call-integer-param", "10"),
            Map.entry("max-tool-call-integer-param", "12"),
            Map.entry("min-tool-call-array-param-length", "2"),
            Map.entry("max-tool-call-array-param-length", "3"),
            Map.entry("tool-call-not-required-param-probability", "100"),
            Map.entry("tool-call-extra-call-probability", "100"),
            Map.entry("omni", "true"),
            Map.entry("time-to-generate-image", "400ms"),
            Map.entry("tensor-parallel-size", "2"),
            Map.entry("dataset-path", RecordedDataset.create().toString()),
            Map.entry("dataset-in-memory", "true"));
    private static final String TOOLS = "\"tool_choice\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":"
            + "{\"name\":\"pick\",\"parameters\":{\"type\":\"object\",\"properties\":{"
            + "\"n\":{\"type\":\"integer\"},\"xs\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}},"
            + "\"note\":{\"type\":\"string\"}},\"required\":[\"n\",\"xs\"]}}}]";

    /** Two tools, a call demanded: with every extra call drawn, an answer calls both slots. */
    private static final String TWO_TOOLS = "\"tool_choice\":\"required\",\"tools\":["
            + "{\"type\":\"function\",\"function\":{\"name\":\"a\",\"parameters\":{\"type\":\"object\","
            + "\"properties\":{\"x\":{\"type\":\"integer\"}},\"required\":[\"x\"]}}},"
            + "{\"type\":\"function\",\"function\":{\"name\":\"b\",\"parameters\":{\"type\":\"object\"}}}]";

    abstract URI base();

    @Test
    void everyExtraCallDrawnMakesAsManyCallsAsToolsUnlessParallelCallsAreOff() {
        try (SimClient client = new SimClient(base())) {
            SimClient.Reply whole = client.post("/v1/chat/completions", SimClient.chat(MODEL, "two", TWO_TOOLS));
            assertThat(whole.status()).as(whole.body()).isEqualTo(200);
            JsonNode message = whole.json().path("choices").path(0).path("message");
            assertThat(message.path("tool_calls")).as(whole.body()).hasSize(2);
            assertThat(message.path("tool_calls").path(0).path("id").asText())
                    .isNotEqualTo(message.path("tool_calls").path(1).path("id").asText());
            assertThat(whole.json()
                            .path("choices")
                            .path(0)
                            .path("finish_reason")
                            .asText())
                    .isEqualTo("tool_calls");

            SimClient.Reply single = client.post(
                    "/v1/chat/completions", SimClient.chat(MODEL, "one", TWO_TOOLS + ",\"parallel_tool_calls\":false"));
            assertThat(single.json().path("choices").path(0).path("message").path("tool_calls"))
                    .as(single.body())
                    .hasSize(1);

            SimClient.Stream stream = client.stream(
                    "/v1/chat/completions", SimClient.chat(MODEL, "two streamed", TWO_TOOLS + ",\"stream\":true"));
            assertThat(stream.status()).isEqualTo(200);
            StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
            List<String> ids = new java.util.ArrayList<>();
            for (SimClient.Event event : stream.events()) {
                if (event.data().equals("[DONE]")) {
                    continue;
                }
                for (JsonNode call :
                        event.json().path("choices").path(0).path("delta").path("tool_calls")) {
                    int index = call.path("index").asInt(-1);
                    assertThat(index).isBetween(0, 1);
                    if (call.has("id")) {
                        assertThat(ids).as("each call opens once, in order").hasSize(index);
                        ids.add(call.path("id").asText());
                        assertThat(call.path("function").path("name").asText()).isIn("a", "b");
                    }
                    arguments[index].append(
                            call.path("function").path("arguments").asText());
                }
            }
            assertThat(ids).hasSize(2);
            for (StringBuilder text : arguments) {
                assertThat(new SimClient.Event(text.toString(), 0).json().isObject())
                        .as(text.toString())
                        .isTrue();
            }
        }
    }

    @Test
    void toolCallArgumentsStayWithinTheFlagsBounds() {
        try (SimClient client = new SimClient(base())) {
            for (int i = 0; i < 20; i++) {
                SimClient.Reply reply = client.post("/v1/chat/completions", SimClient.chat(MODEL, "pick " + i, TOOLS));
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                JsonNode call = reply.json()
                        .path("choices")
                        .path(0)
                        .path("message")
                        .path("tool_calls")
                        .path(0);
                JsonNode arguments = new SimClient.Event(
                                call.path("function").path("arguments").asText(), 0)
                        .json();
                assertThat(arguments.path("n").asLong()).isBetween(10L, 12L);
                assertThat(arguments.path("xs").size()).isBetween(2, 3);
                arguments.path("xs").forEach(x -> assertThat(x.asLong()).isBetween(10L, 12L));
                assertThat(arguments.has("note"))
                        .as("an optional parameter, given always")
                        .isTrue();
            }
        }
    }

    @Test
    void theConstantCalculatorIgnoresThePromptsLength() {
        try (SimClient client = new SimClient(base())) {
            // 60 prompt tokens at 50 ms each would take 3 s; the constant calculator takes 200 ms.
            SimClient.Reply reply = client.post(
                    "/v1/completions",
                    "{\"model\":\"" + MODEL + "\",\"prompt\":\"w" + " w".repeat(59) + "\",\"max_tokens\":1}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.elapsedNanos() / 1e6).isBetween(180.0, 1_500.0);
        }
    }

    @Test
    void aStreamAskedForAnImageCarriesItsChunkBeforeTheEnd() {
        try (SimClient client = new SimClient(base())) {
            SimClient.Stream plain =
                    client.stream("/v1/chat/completions", SimClient.chat(MODEL, "no image", "\"stream\":true"));
            assertThat(plain.rawBody()).doesNotContain("image_url");

            SimClient.Stream stream = client.withHeaders("X-Send-Image", "true").stream(
                    "/v1/chat/completions", SimClient.chat(MODEL, "an image", "\"stream\":true,\"n\":2"));
            assertThat(stream.status()).isEqualTo(200);
            List<SimClient.Event> events = stream.events();
            assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
            List<JsonNode> images = events.stream()
                    .filter(event -> event.data().contains("\"modality\":\"image\""))
                    .map(SimClient.Event::json)
                    .toList();
            assertThat(images).hasSize(2);
            for (JsonNode image : images) {
                assertThat(image.path("object").asText()).isEqualTo("chat.completion.chunk");
                JsonNode part = image.path("choices")
                        .path(0)
                        .path("delta")
                        .path("content")
                        .path(0);
                assertThat(part.path("type").asText()).isEqualTo("image_url");
                assertThat(part.path("image_url").path("url").asText()).startsWith("data:image/png;base64,iVBOR");
            }
            assertThat(images)
                    .extracting(
                            image -> image.path("choices").path(0).path("index").asInt())
                    .containsExactly(0, 1);
            // After every choice's last tokens.
            int firstImage = events.indexOf(events.stream()
                    .filter(event -> event.data().contains("\"modality\""))
                    .findFirst()
                    .orElseThrow());
            assertThat(events.subList(0, firstImage))
                    .filteredOn(event -> event.data().contains("\"finish_reason\":\""))
                    .hasSize(2);
            // --time-to-generate-image: the image comes that long after the last tokens.
            assertThat(events.get(firstImage).atMillis()
                            - events.get(firstImage - 1).atMillis())
                    .isBetween(350.0, 3_000.0);
        }
    }

    @Test
    void aWholeAnswerAskedForAnImageHasItAfterTheText() {
        try (SimClient client = new SimClient(base()).withHeaders("X-Send-Image", "1")) {
            SimClient.Reply reply = client.post("/v1/chat/completions", SimClient.chat(MODEL, "an image", ""));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            // The first token after 200 ms, the image 400 ms after the last token.
            assertThat(reply.elapsedNanos() / 1e6).isBetween(580.0, 3_000.0);
            JsonNode content =
                    reply.json().path("choices").path(0).path("message").path("content");
            assertThat(content.isArray()).as(reply.body()).isTrue();
            assertThat(content.path(0).path("type").asText()).isEqualTo("text");
            assertThat(content.path(0).path("text").asText()).isNotEmpty();
            assertThat(content.path(1).path("type").asText()).isEqualTo("image_url");
            assertThat(content.path(1).path("image_url").path("url").asText()).startsWith("data:image/png;base64,");
        }
    }

    @Test
    void aRecordedPromptIsAnsweredWithItsRecordedAnswer() {
        String tokenPrompt = RecordedDataset.TOKEN_PROMPT.toString().replace(" ", "");
        try (SimClient client = new SimClient(base())) {
            SimClient.Reply reply =
                    client.post("/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":" + tokenPrompt + "}");
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            JsonNode choice = reply.json().path("choices").path(0);
            assertThat(choice.path("text").asText()).isEqualTo(String.join("", RecordedDataset.TOKEN_ANSWER));
            assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");

            SimClient.Reply cut = client.post(
                    "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":" + tokenPrompt + ",\"max_tokens\":2}");
            JsonNode cutChoice = cut.json().path("choices").path(0);
            assertThat(cutChoice.path("text").asText())
                    .isEqualTo(String.join("", RecordedDataset.TOKEN_ANSWER.subList(0, 2)));
            assertThat(cutChoice.path("finish_reason").asText()).isEqualTo("length");

            SimClient.Reply text = client.post(
                    "/v1/completions",
                    "{\"model\":\"" + MODEL + "\",\"prompt\":\"" + RecordedDataset.TEXT_PROMPT + "\"}");
            assertThat(text.json().path("choices").path(0).path("text").asText())
                    .isEqualTo(String.join("", RecordedDataset.TEXT_ANSWER));
        }
    }

    @Test
    void anotherPromptGetsARecordedAnswerThatFitsItsLimitStreamedOrNot() {
        String shortAnswer = String.join("", RecordedDataset.SHORT_ANSWER);
        try (SimClient client = new SimClient(base())) {
            SimClient.Reply reply =
                    client.post("/v1/chat/completions", SimClient.chat(MODEL, "never recorded", "\"max_tokens\":2"));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json()
                            .path("choices")
                            .path(0)
                            .path("message")
                            .path("content")
                            .asText())
                    .as("the one recorded answer of two tokens or fewer")
                    .isEqualTo(shortAnswer);

            SimClient.Stream stream = client.stream(
                    "/v1/chat/completions",
                    SimClient.chat(MODEL, "never recorded", "\"max_tokens\":2,\"stream\":true"));
            StringBuilder streamed = new StringBuilder();
            for (SimClient.Event event : stream.events()) {
                if (!event.data().equals("[DONE]")) {
                    streamed.append(event.json()
                            .path("choices")
                            .path(0)
                            .path("delta")
                            .path("content")
                            .asText(""));
                }
            }
            assertThat(streamed.toString()).isEqualTo(shortAnswer);
        }
    }
}
