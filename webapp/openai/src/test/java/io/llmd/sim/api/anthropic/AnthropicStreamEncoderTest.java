package io.llmd.sim.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicStreamEncoderTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);

    /** A named event, as parsed back from the wire. */
    private record Event(String name, JsonNode data) {}

    private static List<Event> play(AnthropicStreamEncoder encoder) throws IOException {
        EventBuffer out = new EventBuffer();
        encoder.start(out);
        assertThat(out.length()).isZero();
        for (int step = 0; step < encoder.steps(); step++) {
            encoder.step(out, step);
            if (step == encoder.steps() - 1) {
                encoder.end(out);
            }
        }
        List<Event> events = new ArrayList<>();
        String text = out.toString();
        assertThat(text).endsWith("data: [DONE]\n\n");
        for (String frame :
                text.substring(0, text.length() - "data: [DONE]\n\n".length()).split("\n\n")) {
            String[] lines = frame.split("\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).startsWith("event: ");
            assertThat(lines[1]).startsWith("data: ");
            JsonNode data = Json.mapper().readTree(lines[1].substring(6));
            String name = lines[0].substring(7);
            assertThat(data.path("type").asText()).isEqualTo(name);
            events.add(new Event(name, data));
        }
        return events;
    }

    private static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    @Test
    void endsAnAbortedMessageWithTheTokensThatWentOutAndEndTurn() throws IOException {
        Generation generation = new Generation(
                BASE, 7, 100, List.of(new Choice(0, List.of("a", " b", " c"), FinishReason.STOP, null, null, null)));
        AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("msg_1", "m", generation);
        EventBuffer out = new EventBuffer();
        encoder.step(out, 0);
        encoder.step(out, 1);

        assertThat(encoder.aborted(out, 2)).isTrue();

        String text = out.toString();
        assertThat(text).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\ndata: [DONE]\n\n");
        String delta = text.lines()
                .filter(line -> line.contains("\"message_delta\""))
                .findFirst()
                .orElseThrow();
        JsonNode data = Json.mapper().readTree(delta.substring(6));
        assertThat(data.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(data.at("/usage/output_tokens").asInt()).isEqualTo(2);
        assertThat(text).contains("content_block_stop");
    }

    @Test
    void tellsATextAnswerInTheMessagesApisEvents() throws IOException {
        Generation generation = new Generation(
                BASE,
                7,
                100,
                List.of(new Choice(0, List.of("Hi", " \"there\"\n"), FinishReason.STOP, null, null, null)));
        List<Event> events = play(new AnthropicStreamEncoder("msg-1", "m", generation));
        assertThat(names(events))
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "ping",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        JsonNode message = events.get(0).data().path("message");
        assertThat(message.path("id").asText()).isEqualTo("msg-1");
        assertThat(message.path("role").asText()).isEqualTo("assistant");
        assertThat(message.path("content")).isEmpty();
        assertThat(message.path("stop_reason").isNull()).isTrue();
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(7);
        assertThat(events.get(1).data().at("/content_block/type").asText()).isEqualTo("text");
        assertThat(events.get(4).data().at("/delta/type").asText()).isEqualTo("text_delta");
        assertThat(events.get(3).data().at("/delta/text").asText()
                        + events.get(4).data().at("/delta/text").asText())
                .isEqualTo("Hi \"there\"\n");
        JsonNode end = events.get(6).data();
        assertThat(end.at("/delta/stop_reason").asText()).isEqualTo("end_turn");
        assertThat(end.at("/usage/output_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void tellsAToolCallAsAToolUseBlockWithJsonDeltas() throws IOException {
        ToolCall call = new ToolCall("call-1", "get_weather", "{\"city\":\"Paris\"}");
        Generation generation = new Generation(
                BASE,
                3,
                100,
                List.of(new Choice(
                        0, List.of("{\"city\"", ":\"Paris\"}"), FinishReason.TOOL_CALLS, null, List.of(call), null)));
        List<Event> events = play(new AnthropicStreamEncoder("msg-2", "m", generation));
        JsonNode block = events.get(1).data().path("content_block");
        assertThat(block.path("type").asText()).isEqualTo("tool_use");
        assertThat(block.path("id").asText()).isEqualTo("call-1");
        assertThat(block.path("name").asText()).isEqualTo("get_weather");
        assertThat(block.path("input").isObject()).isTrue();
        assertThat(events.get(3).data().at("/delta/type").asText()).isEqualTo("input_json_delta");
        assertThat(events.get(3).data().at("/delta/partial_json").asText()
                        + events.get(4).data().at("/delta/partial_json").asText())
                .isEqualTo("{\"city\":\"Paris\"}");
        assertThat(events.get(6).data().at("/delta/stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void tellsEachToolCallAsItsOwnBlockClosedBeforeTheNextOpens() throws IOException {
        ToolCall first = new ToolCall("call-1", "f", "{\"a\":1}");
        ToolCall second = new ToolCall("call-2", "g", "{}");
        Generation generation = new Generation(
                BASE,
                3,
                100,
                List.of(new Choice(
                        0,
                        List.of("{\"a\"", ":1}", "{}"),
                        FinishReason.TOOL_CALLS,
                        null,
                        List.of(first, second),
                        null)));

        List<Event> events = play(new AnthropicStreamEncoder("msg-4", "m", generation));

        assertThat(events)
                .extracting(Event::name)
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "ping",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "content_block_start",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
        assertThat(events.get(1).data().at("/content_block/id").asText()).isEqualTo("call-1");
        assertThat(events.get(5).data().path("index").asInt()).isZero();
        assertThat(events.get(6).data().path("index").asInt()).isEqualTo(1);
        assertThat(events.get(6).data().at("/content_block/name").asText()).isEqualTo("g");
        assertThat(events.get(7).data().path("index").asInt()).isEqualTo(1);
        assertThat(events.get(7).data().at("/delta/partial_json").asText()).isEqualTo("{}");
        assertThat(events.get(8).data().path("index").asInt()).isEqualTo(1);
    }

    @Test
    void anAnswerWithoutTokensStartsAndEndsTheMessageWithoutABlock() throws IOException {
        Generation generation =
                new Generation(BASE, 3, 1, List.of(new Choice(0, List.of(), FinishReason.LENGTH, null, null, null)));
        AnthropicStreamEncoder encoder = new AnthropicStreamEncoder("msg-3", "m", generation);
        assertThat(encoder.steps()).isEqualTo(1);
        List<Event> events = play(encoder);
        assertThat(names(events)).containsExactly("message_start", "message_delta", "message_stop");
        assertThat(events.get(1).data().at("/delta/stop_reason").asText()).isEqualTo("max_tokens");
    }
}
