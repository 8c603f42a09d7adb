package io.llmd.sim.api.responses;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.TokenLogprob;
import io.llmd.sim.core.ToolCall;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponsesStreamEncoderTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);

    private static ResponsesRequest request(String json) throws IOException {
        return Json.mapper().readValue(json, ResponsesRequest.class);
    }

    /** Every event's data, checking its name, framing and sequence number. */
    private static List<JsonNode> play(ResponsesStreamEncoder encoder) throws IOException {
        EventBuffer out = new EventBuffer();
        encoder.start(out);
        int started = out.toString().split("\n\n").length;
        assertThat(started).isEqualTo(2);
        for (int step = 0; step < encoder.steps(); step++) {
            encoder.step(out, step);
            if (step == encoder.steps() - 1) {
                encoder.end(out);
            }
        }
        List<JsonNode> events = new ArrayList<>();
        for (String frame : out.toString().split("\n\n")) {
            String[] lines = frame.split("\n");
            assertThat(lines).hasSize(2);
            JsonNode data = Json.mapper().readTree(lines[1].substring("data: ".length()));
            assertThat(lines[0]).isEqualTo("event: " + data.path("type").asText());
            assertThat(data.path("sequence_number").asInt()).isEqualTo(events.size());
            events.add(data);
        }
        return events;
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(event -> event.path("type").asText()).toList();
    }

    @Test
    void tellsATextAnswer() throws IOException {
        Generation generation = new Generation(
                BASE, 4, 10, List.of(new Choice(0, List.of("Hi", " \"you\""), FinishReason.STOP, null, null, null)));
        ResponseObject answer = new ResponseObject("resp_abc", 100, "m", request("{\"input\":\"x\"}"), generation);
        List<JsonNode> events = play(new ResponsesStreamEncoder(answer, generation));
        assertThat(types(events))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
        assertThat(events.get(0).at("/response/status").asText()).isEqualTo("in_progress");
        assertThat(events.get(2).at("/item/id").asText()).isEqualTo("msg_abc");
        assertThat(events.get(5).path("delta").asText()).isEqualTo(" \"you\"");
        assertThat(events.get(5).path("item_id").asText()).isEqualTo("msg_abc");
        assertThat(events.get(6).path("text").asText()).isEqualTo("Hi \"you\"");
        JsonNode completed = events.get(9).path("response");
        assertThat(completed.path("status").asText()).isEqualTo("completed");
        assertThat(completed.at("/output/0/content/0/text").asText()).isEqualTo("Hi \"you\"");
        assertThat(completed.at("/usage/total_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void tellsEachTokensLogprobsWithItsDelta() throws IOException {
        TokenLogprob first = new TokenLogprob("a", -0.5, List.of());
        Generation generation = new Generation(
                BASE, 1, 10, List.of(new Choice(0, List.of("a"), FinishReason.STOP, null, null, List.of(first))));
        ResponseObject answer = new ResponseObject(
                "resp_1",
                1,
                "m",
                request("{\"input\":\"x\",\"include\":[\"message.output_text.logprobs\"]}"),
                generation);
        List<JsonNode> events = play(new ResponsesStreamEncoder(answer, generation));
        assertThat(events.get(4).at("/logprobs/0/token").asText()).isEqualTo("a");
        assertThat(events.get(4).at("/logprobs/0/logprob").asDouble()).isEqualTo(-0.5);
    }

    @Test
    void tellsAFunctionCall() throws IOException {
        ToolCall call = new ToolCall("call_1", "f", "{\"a\":1}");
        Generation generation = new Generation(
                BASE,
                2,
                10,
                List.of(new Choice(0, List.of("{\"a\"", ":1}"), FinishReason.TOOL_CALLS, null, List.of(call), null)));
        ResponseObject answer = new ResponseObject("resp_9", 1, "m", request("{\"input\":\"x\"}"), generation);
        List<JsonNode> events = play(new ResponsesStreamEncoder(answer, generation));
        assertThat(types(events))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.done",
                        "response.output_item.done",
                        "response.completed");
        assertThat(events.get(2).at("/item/type").asText()).isEqualTo("function_call");
        assertThat(events.get(2).at("/item/id").asText()).isEqualTo("fc_9");
        assertThat(events.get(2).at("/item/call_id").asText()).isEqualTo("call_1");
        assertThat(events.get(5).path("arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(events.get(7).at("/response/output/0/arguments").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void tellsEachFunctionCallAsItsOwnItemClosedBeforeTheNextIsAdded() throws IOException {
        ToolCall first = new ToolCall("call_1", "f", "{\"a\":1}");
        ToolCall second = new ToolCall("call_2", "g", "{}");
        Generation generation = new Generation(
                BASE,
                2,
                10,
                List.of(new Choice(
                        0,
                        List.of("{\"a\"", ":1}", "{}"),
                        FinishReason.TOOL_CALLS,
                        null,
                        List.of(first, second),
                        null)));
        ResponseObject answer = new ResponseObject("resp_9", 1, "m", request("{\"input\":\"x\"}"), generation);

        List<JsonNode> events = play(new ResponsesStreamEncoder(answer, generation));

        assertThat(types(events))
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.done",
                        "response.output_item.done",
                        "response.output_item.added",
                        "response.function_call_arguments.delta",
                        "response.function_call_arguments.done",
                        "response.output_item.done",
                        "response.completed");
        assertThat(events.get(7).path("output_index").asInt()).isEqualTo(1);
        assertThat(events.get(7).at("/item/call_id").asText()).isEqualTo("call_2");
        assertThat(events.get(7).at("/item/id").asText()).isEqualTo("fc_9_1");
        assertThat(events.get(8).path("output_index").asInt()).isEqualTo(1);
        assertThat(events.get(8).path("item_id").asText()).isEqualTo("fc_9_1");
        assertThat(events.get(8).path("delta").asText()).isEqualTo("{}");
        assertThat(events.get(9).path("arguments").asText()).isEqualTo("{}");
        assertThat(events.get(11).at("/response/output")).hasSize(2);
        assertThat(events.get(11).at("/response/output/0/arguments").asText()).isEqualTo("{\"a\":1}");
        assertThat(events.get(11).at("/response/output/1/name").asText()).isEqualTo("g");
    }

    @Test
    void aCutAnswerIsIncomplete() throws IOException {
        Generation generation =
                new Generation(BASE, 2, 1, List.of(new Choice(0, List.of("a"), FinishReason.LENGTH, null, null, null)));
        JsonNode response = new ResponseObject(
                        "resp_2", 1, "m", request("{\"input\":\"x\",\"max_output_tokens\":1}"), generation)
                .completed();
        assertThat(response.path("status").asText()).isEqualTo("incomplete");
        assertThat(response.at("/incomplete_details/reason").asText()).isEqualTo("max_output_tokens");
        assertThat(response.path("max_output_tokens").asInt()).isEqualTo(1);
    }
}
