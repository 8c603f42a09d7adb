package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StreamEncoderTest {
    private static final String ID = "chatcmpl-0123456789abcdef0123456789abcdef";
    private static final long CREATED = 1_700_000_000L;
    private static final List<String> TOKENS = List.of("Say", " \"hi\"", " C:\\dir", "\n", "\ttab", " 😀", " é",
            " \u0001", " </script>", " \u2028");

    private final EventBuffer buffer = new EventBuffer();

    /** Every token event of a stream, the last with the finish reason, each checked to be one SSE event. */
    private List<JsonNode> tokenEvents(StreamEncoder encoder, String finishReason) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (int i = 0; i < encoder.eventCount(); i++) {
            buffer.reset();
            encoder.token(buffer, i, i == encoder.eventCount() - 1 ? finishReason : null);
            events.add(parseEvent());
        }
        return events;
    }

    /** Checks the buffer holds exactly {@code data: <one-line JSON>\n\n} and returns the JSON. */
    private JsonNode parseEvent() throws IOException {
        String event = new String(buffer.array(), 0, buffer.length(), StandardCharsets.UTF_8);
        assertThat(event).startsWith("data: ").endsWith("\n\n");
        String payload = event.substring("data: ".length(), event.length() - 2);
        assertThat(payload).doesNotContain("\n", "\r");
        return Json.mapper().readTree(buffer.array(), "data: ".length(), buffer.length() - "data: ".length() - 2);
    }

    @Test
    void chatEventsCarryTheStreamsIdObjectCreatedAndModel() throws IOException {
        StreamEncoder encoder = StreamEncoder.chat(ID, CREATED, "my-lora", TOKENS);

        assertThat(tokenEvents(encoder, "stop")).hasSize(TOKENS.size()).allSatisfy(event -> {
            assertThat(event.get("id").asText()).isEqualTo(ID);
            assertThat(event.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(event.get("created").isIntegralNumber()).isTrue();
            assertThat(event.get("created").asLong()).isEqualTo(CREATED);
            assertThat(event.get("model").asText()).isEqualTo("my-lora");
            assertThat(event.get("choices")).hasSize(1);
            assertThat(event.at("/choices/0/index").asInt(-1)).isZero();
            assertThat(event.at("/choices/0/logprobs").isNull()).isTrue();
        });
    }

    @Test
    void onlyTheFirstChatEventCarriesTheAssistantRole() throws IOException {
        List<JsonNode> events = tokenEvents(StreamEncoder.chat(ID, CREATED, "m", TOKENS), "stop");

        assertThat(events.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(events.subList(1, events.size()))
                .allSatisfy(event -> assertThat(event.at("/choices/0/delta").has("role")).isFalse());
    }

    @Test
    void chatEventsDeliverEachTokenExactlyEvenWhenItNeedsEscaping() throws IOException {
        List<JsonNode> events = tokenEvents(StreamEncoder.chat(ID, CREATED, "m", TOKENS), "stop");

        assertThat(events).extracting(event -> event.at("/choices/0/delta/content").asText())
                .containsExactlyElementsOf(TOKENS);
    }

    @Test
    void onlyTheLastChatEventCarriesTheFinishReason() throws IOException {
        List<JsonNode> events = tokenEvents(StreamEncoder.chat(ID, CREATED, "m", TOKENS), "length");

        assertThat(events.subList(0, events.size() - 1)).allSatisfy(event -> {
            assertThat(event.at("/choices/0").has("finish_reason")).isTrue();
            assertThat(event.at("/choices/0/finish_reason").isNull()).isTrue();
        });
        JsonNode last = events.getLast();
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(last.at("/choices/0").has("stop_reason")).isTrue();
        assertThat(last.at("/choices/0/stop_reason").isNull()).isTrue();
    }

    @Test
    void emptyChatAnswerIsOneEventWithRoleAndFinishReason() throws IOException {
        StreamEncoder encoder = StreamEncoder.chat(ID, CREATED, "m", List.of());

        List<JsonNode> events = tokenEvents(encoder, "stop");

        assertThat(encoder.eventCount()).isEqualTo(1);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            assertThat(event.at("/choices/0/delta/content").asText("absent")).isEmpty();
            assertThat(event.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        });
    }

    @Test
    void completionEventsCarryTextAndNullStopReason() throws IOException {
        StreamEncoder encoder = StreamEncoder.completion("cmpl-1", CREATED, "m", TOKENS);

        List<JsonNode> events = tokenEvents(encoder, "stop");

        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("id").asText()).isEqualTo("cmpl-1");
            assertThat(event.get("object").asText()).isEqualTo("text_completion");
            assertThat(event.get("created").asLong()).isEqualTo(CREATED);
            assertThat(event.get("model").asText()).isEqualTo("m");
            assertThat(event.at("/choices/0/index").asInt(-1)).isZero();
            assertThat(event.at("/choices/0").has("delta")).isFalse();
            assertThat(event.at("/choices/0/logprobs").isNull()).isTrue();
            assertThat(event.at("/choices/0/stop_reason").isNull()).isTrue();
        });
        assertThat(events).extracting(event -> event.at("/choices/0/text").asText())
                .containsExactlyElementsOf(TOKENS);
        assertThat(events).extracting(event -> event.at("/choices/0/finish_reason").textValue())
                .containsExactly(null, null, null, null, null, null, null, null, null, "stop");
    }

    @Test
    void usageEventHasNoChoicesAndTheTokenCounts() throws IOException {
        StreamEncoder encoder = StreamEncoder.chat(ID, CREATED, "m", TOKENS);

        encoder.usage(buffer, 12, 10);
        JsonNode event = parseEvent();

        assertThat(event.get("id").asText()).isEqualTo(ID);
        assertThat(event.get("object").asText()).isEqualTo("chat.completion.chunk");
        assertThat(event.get("choices").isArray()).isTrue();
        assertThat(event.get("choices")).isEmpty();
        assertThat(event.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(event.at("/usage/completion_tokens").asInt()).isEqualTo(10);
        assertThat(event.at("/usage/total_tokens").asInt()).isEqualTo(22);
    }

    @Test
    void doneEndsTheStream() {
        StreamEncoder.completion("cmpl-1", CREATED, "m", TOKENS).done(buffer);

        assertThat(buffer.toString()).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void escapesIdAndModelNames() throws IOException {
        StreamEncoder encoder = StreamEncoder.chat("id\"1", CREATED, "org/we\"ird\\model é", List.of("x"));

        encoder.token(buffer, 0, "stop");
        JsonNode event = parseEvent();

        assertThat(event.get("id").asText()).isEqualTo("id\"1");
        assertThat(event.get("model").asText()).isEqualTo("org/we\"ird\\model é");
    }

    @Test
    void eventsWrittenOneAfterAnotherStayApart() throws IOException {
        StreamEncoder encoder = StreamEncoder.chat(ID, CREATED, "m", List.of("a", " b"));

        encoder.token(buffer, 0, null);
        encoder.token(buffer, 1, "stop");
        encoder.usage(buffer, 1, 2);
        encoder.done(buffer);

        String[] events = buffer.toString().split("\n\n", -1);
        assertThat(events).hasSize(5);
        assertThat(events[4]).isEmpty();
        assertThat(events[3]).isEqualTo("data: [DONE]");
        for (int i = 0; i < 3; i++) {
            assertThat(events[i]).startsWith("data: {");
            assertThat(Json.mapper().readTree(events[i].substring("data: ".length())).isObject()).isTrue();
        }
    }
}
