package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.serialized;
import static io.llmd.sim.api.Fixtures.tree;
import static io.llmd.sim.api.Generations.generation;
import static io.llmd.sim.api.Generations.stopped;
import static io.llmd.sim.api.Generations.text;
import static io.llmd.sim.api.Generations.toolCall;
import static io.llmd.sim.api.Generations.withLogprobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Tokenizer;
import io.llmd.sim.core.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionResponseTest {
    private static final ChatCompletionResponse RESPONSE = ChatCompletionResponse.of(
            "chatcmpl-0123456789abcdef0123456789abcdef",
            1_700_000_000L,
            "my-lora",
            generation(7, text(0, FinishReason.STOP, List.of("Hello", " there", "."))));

    private static final String ARGUMENTS = "{\"city\": \"Paris\"}";
    private static final ChatCompletionResponse TOOL_CALL = ChatCompletionResponse.of(
            "chatcmpl-1",
            1_700_000_000L,
            "m",
            generation(
                    9,
                    toolCall(
                            0,
                            new ToolCall("chatcmpl-tool-abc", "get_weather", ARGUMENTS),
                            Tokenizer.tokenize(ARGUMENTS)),
                    stopped(1, ".", List.of("It", " is", " sunny"))));

    private static final ChatCompletionResponse LOGPROBS = ChatCompletionResponse.of(
            "chatcmpl-2",
            1_700_000_000L,
            "m",
            generation(3, stoppedByToken(withLogprobs(0, List.of("Hi", " é"), 2), 128_001)));

    private static Choice stoppedByToken(Choice choice, int tokenId) {
        return new Choice(choice.index(), choice.tokens(), FinishReason.STOP, tokenId, null, choice.logprobs());
    }

    @Test
    void serializesToJson() {
        assertThat(serialized(RESPONSE)).isEqualTo(tree("chat-response.json"));
    }

    @Test
    void writesNullLogprobsAndStopReasonAsVllmDoes() {
        String json = new String(Json.bytes(RESPONSE), StandardCharsets.UTF_8);

        assertThat(json).contains("\"logprobs\":null", "\"stop_reason\":null");
    }

    @Test
    void deserializesFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("chat-response.json"), ChatCompletionResponse.class))
                .isEqualTo(RESPONSE);
    }

    @Test
    void leavesOutAMissingUsage() {
        ChatCompletionResponse response =
                new ChatCompletionResponse("chatcmpl-1", "chat.completion", 1L, "m", RESPONSE.choices(), null, null);

        assertThat(serialized(response).has("usage")).isFalse();
    }

    @Test
    void reportsTheFinishReasonOfEachChoice() {
        ChatCompletionResponse response = ChatCompletionResponse.of(
                "chatcmpl-1", 1L, "m", generation(2, text(0, FinishReason.LENGTH, List.of("x"))));

        assertThat(serialized(response).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void usageCountsTheTokensOfEveryChoice() {
        ChatCompletionResponse response = ChatCompletionResponse.of(
                "chatcmpl-1",
                1L,
                "m",
                generation(
                        4, text(0, FinishReason.STOP, List.of("a", " b")), text(1, FinishReason.STOP, List.of("c"))));

        assertThat(response.usage()).isEqualTo(new Usage(4, 7, 3));
        assertThat(response.choices())
                .extracting(ChatCompletionResponse.ChatChoice::index)
                .containsExactly(0, 1);
    }

    @Test
    void serializesAToolCallAsOpenAiDoesWithNullContent() {
        assertThat(serialized(TOOL_CALL)).isEqualTo(tree("chat-response-tool-call.json"));
        assertThat(new String(Json.bytes(TOOL_CALL), StandardCharsets.UTF_8)).contains("\"content\":null");
    }

    @Test
    void toolCallArgumentsAreTheChoicesTokens() {
        JsonNode arguments = Fixtures.readTree(TOOL_CALL
                .choices()
                .getFirst()
                .message()
                .toolCalls()
                .getFirst()
                .function()
                .arguments());

        assertThat(arguments.get("city").asText()).isEqualTo("Paris");
    }

    @Test
    void severalToolCallsAreListedInOrderEachWithItsArguments() {
        ToolCall first = new ToolCall("id-a", "f", "{\"x\": 1}");
        ToolCall second = new ToolCall("id-b", "g", "{}");
        List<String> tokens = new ArrayList<>(Tokenizer.tokenize(first.arguments()));
        tokens.addAll(Tokenizer.tokenize(second.arguments()));
        ChatCompletionResponse response = ChatCompletionResponse.of(
                "id",
                1L,
                "m",
                Generations.generation(
                        3, new Choice(0, tokens, FinishReason.TOOL_CALLS, null, List.of(first, second), null)));

        JsonNode message = serialized(response).at("/choices/0/message");

        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.get("tool_calls")).hasSize(2);
        assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("id-a");
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"x\": 1}");
        assertThat(message.at("/tool_calls/1/id").asText()).isEqualTo("id-b");
        assertThat(message.at("/tool_calls/1/function/name").asText()).isEqualTo("g");
        assertThat(message.at("/tool_calls/1/function/arguments").asText()).isEqualTo("{}");
    }

    @Test
    void deserializesAToolCallFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("chat-response-tool-call.json"), ChatCompletionResponse.class))
                .isEqualTo(TOOL_CALL);
    }

    @Test
    void serializesLogprobsAndATokenStopReason() {
        assertThat(serialized(LOGPROBS)).isEqualTo(tree("chat-response-logprobs.json"));
    }

    @Test
    void deserializesLogprobsFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("chat-response-logprobs.json"), ChatCompletionResponse.class))
                .isEqualTo(LOGPROBS);
    }
}
