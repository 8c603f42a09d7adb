package io.llmd.sim.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.ToolCall;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicResponseTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);

    private static JsonNode json(Object value) throws IOException {
        return Json.mapper().readTree(Json.bytes(value));
    }

    @Test
    void hasTheMessagesApisShape() throws IOException {
        Generation generation = new Generation(
                BASE, 9, 2, List.of(new Choice(0, List.of("one", " two"), FinishReason.LENGTH, null, null, null)));
        assertThat(json(AnthropicResponse.of("id-1", "m", generation)))
                .isEqualTo(Json.mapper().readTree("""
                        {"id":"id-1","type":"message","role":"assistant",
                         "content":[{"type":"text","text":"one two"}],"model":"m",
                         "stop_reason":"max_tokens","stop_sequence":null,
                         "usage":{"input_tokens":9,"output_tokens":2}}"""));
    }

    @Test
    void tellsAToolCallAsAToolUseBlockWithItsInputAsAnObject() throws IOException {
        ToolCall call = new ToolCall("call-1", "f", "{\"a\":1}");
        Generation generation = new Generation(
                BASE,
                3,
                50,
                List.of(new Choice(0, List.of("{\"a\"", ":1}"), FinishReason.TOOL_CALLS, null, List.of(call), null)));
        JsonNode body = json(AnthropicResponse.of("id-2", "m", generation));
        assertThat(body.path("content"))
                .isEqualTo(Json.mapper()
                        .readTree("[{\"type\":\"tool_use\",\"id\":\"call-1\",\"name\":\"f\",\"input\":{\"a\":1}}]"));
        assertThat(body.path("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void severalToolCallsAreSeveralToolUseBlocks() throws IOException {
        ToolCall first = new ToolCall("call-1", "f", "{\"a\":1}");
        ToolCall second = new ToolCall("call-2", "g", "{}");
        Generation generation = new Generation(
                BASE,
                3,
                10,
                List.of(new Choice(
                        0,
                        List.of("{\"a\"", ":1}", "{}"),
                        FinishReason.TOOL_CALLS,
                        null,
                        List.of(first, second),
                        null)));

        JsonNode body = json(AnthropicResponse.of("id-4", "m", generation));

        assertThat(body.path("content"))
                .isEqualTo(Json.mapper()
                        .readTree("[{\"type\":\"tool_use\",\"id\":\"call-1\",\"name\":\"f\",\"input\":{\"a\":1}},"
                                + "{\"type\":\"tool_use\",\"id\":\"call-2\",\"name\":\"g\",\"input\":{}}]"));
    }

    @Test
    void aToolCallCutByTheTokenLimitHasAnEmptyInput() throws IOException {
        ToolCall call = new ToolCall("call-1", "f", "{\"a\"");
        Generation generation = new Generation(
                BASE, 3, 1, List.of(new Choice(0, List.of("{\"a\""), FinishReason.LENGTH, null, List.of(call), null)));
        JsonNode body = json(AnthropicResponse.of("id-3", "m", generation));
        assertThat(body.at("/content/0/input").isObject()).isTrue();
        assertThat(body.at("/content/0/input")).isEmpty();
    }

    @Test
    void writesErrorsInAnthropicsShapeWithVllmsTypes() throws IOException {
        assertThat(json(Json.mapper().readTree(AnthropicErrorRenderer.INSTANCE.body(404, "gone", "model"))))
                .isEqualTo(Json.mapper()
                        .readTree("{\"type\":\"error\",\"error\":{\"type\":\"NotFoundError\",\"message\":\"gone\"}}"));
        assertThat(AnthropicErrorRenderer.INSTANCE.mediaType()).isEqualTo("application/json");
    }
}
