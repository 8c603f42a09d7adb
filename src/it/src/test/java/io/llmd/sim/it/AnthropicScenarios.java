package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.BadRequestException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Base64ImageSource;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.ImageBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolChoice;
import com.anthropic.models.messages.ToolChoiceAny;
import com.anthropic.models.messages.ToolChoiceNone;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/messages} through the official Anthropic Java SDK, streamed and not, and raw HTTP for
 * what the SDK hides: the named events (ping included) and Anthropic's error shape on this path.
 */
abstract class AnthropicScenarios {
    static final String MODEL = "claude-sim";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "mode", "echo",
            "lora-modules", "tuned=/adapters/tuned",
            "max-model-len", "400",
            "inter-token-latency", "2",
            "tool-call-extra-call-probability", "100");
    private static final Tool WEATHER = Tool.builder()
            .name("get_weather")
            .description("Weather in a city")
            .inputSchema(Tool.InputSchema.builder()
                    .properties(Tool.InputSchema.Properties.builder()
                            .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string", "minLength", 2)))
                            .build())
                    .required(List.of("city"))
                    .build())
            .build();

    private AnthropicClient client;

    abstract URI base();

    @BeforeEach
    void connect() {
        String root = base().toString();
        client = AnthropicOkHttpClient.builder()
                .baseUrl(root.endsWith("/") ? root.substring(0, root.length() - 1) : root)
                .apiKey("not-needed")
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static MessageCreateParams.Builder params(String text) {
        return MessageCreateParams.builder().model(MODEL).maxTokens(50).addUserMessage(text);
    }

    @Test
    void answersAMessage() {
        Message message = client.messages()
                .create(params("Say hello to the simulator")
                        .system("You are terse.")
                        .build());
        assertThat(message.model().asString()).isEqualTo(MODEL);
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Say hello to the simulator");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(5);
        assertThat(message.usage().inputTokens())
                .as("the system and user messages in the chat template: 9 tokens of text, 9 of markers and roles")
                .isEqualTo(18);
    }

    @Test
    void cutsAtMaxTokens() {
        Message message = client.messages()
                .create(MessageCreateParams.builder()
                        .model("tuned")
                        .maxTokens(2)
                        .addUserMessage("one two three four")
                        .build());
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("one two");
        assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
        assertThat(message.model().asString()).isEqualTo("tuned");
    }

    @Test
    void streamsTheTextAsTheSdkAccumulatesIt() {
        MessageAccumulator accumulator = MessageAccumulator.create();
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages()
                .createStreaming(params("stream these five tokens").build())) {
            stream.stream().forEach(event -> {
                events.add(event);
                accumulator.accumulate(event);
            });
        }
        Message message = accumulator.message();
        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("stream these five tokens");
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        assertThat(message.usage().outputTokens()).isEqualTo(4);
        assertThat(events.get(0).isMessageStart()).isTrue();
        assertThat(events.get(1).isContentBlockStart()).isTrue();
        assertThat(events.stream().filter(RawMessageStreamEvent::isContentBlockDelta))
                .hasSize(4);
        assertThat(events.get(events.size() - 1).isMessageStop()).isTrue();
    }

    @Test
    void callsAToolWhenAskedToStreamedOrNot() {
        MessageCreateParams params = params("What is the weather?")
                .addTool(WEATHER)
                .toolChoice(ToolChoice.ofAny(ToolChoiceAny.builder().build()))
                .build();
        Message whole = client.messages().create(params);
        ToolUseBlock call = whole.content().get(0).toolUse().orElseThrow();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call._input().toString()).contains("city");
        assertThat(whole.stopReason()).contains(StopReason.TOOL_USE);

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        ContentBlock streamed = accumulator.message().content().get(0);
        assertThat(streamed.toolUse().orElseThrow().name()).isEqualTo("get_weather");
        assertThat(streamed.toolUse().orElseThrow()._input().toString()).contains("city");
        assertThat(accumulator.message().stopReason()).contains(StopReason.TOOL_USE);
    }

    @Test
    void answersAToolResultSentBackAfterItsToolUse() {
        MessageCreateParams ask = params("What is the weather?")
                .addTool(WEATHER)
                .toolChoice(ToolChoice.ofAny(ToolChoiceAny.builder().build()))
                .build();
        Message call = client.messages().create(ask);
        ToolUseBlock use = call.content().get(0).toolUse().orElseThrow();

        Message answer = client.messages()
                .create(params("What is the weather?")
                        .addTool(WEATHER)
                        .toolChoice(ToolChoice.ofNone(ToolChoiceNone.builder().build()))
                        .addMessage(call)
                        .addUserMessageOfContentBlockParams(
                                List.of(ContentBlockParam.ofToolResult(ToolResultBlockParam.builder()
                                        .toolUseId(use.id())
                                        .content("sunny, 21 degrees")
                                        .build())))
                        .build());
        assertThat(answer.stopReason()).contains(StopReason.END_TURN);
        // Echo mode answers the last user text; the tool result reaches the prompt as a tool message.
        assertThat(answer.content().get(0).text().orElseThrow().text()).isEqualTo("What is the weather?");
        assertThat(answer.usage().inputTokens())
                .as("the call and its result are part of the prompt")
                .isGreaterThan(call.usage().inputTokens());

        SimClient.Reply unknownBlock = new SimClient(base())
                .post(
                        "/v1/messages",
                        "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                                + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"x\",\"content\":5}]}]}");
        assertThat(unknownBlock.status()).as(unknownBlock.body()).isLessThan(500);
    }

    @Test
    void takesAnImageBlockAndCountsItInTheInput() {
        // A 1x1 PNG.
        String png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
        List<ContentBlockParam> blocks = List.of(
                ContentBlockParam.ofImage(ImageBlockParam.builder()
                        .source(Base64ImageSource.builder()
                                .mediaType(Base64ImageSource.MediaType.IMAGE_PNG)
                                .data(png)
                                .build())
                        .build()),
                ContentBlockParam.ofText("describe this picture"));
        Message withImage = client.messages()
                .create(MessageCreateParams.builder()
                        .model(MODEL)
                        .maxTokens(50)
                        .addUserMessageOfContentBlockParams(blocks)
                        .build());
        Message textOnly =
                client.messages().create(params("describe this picture").build());
        assertThat(withImage.content().get(0).text().orElseThrow().text()).isEqualTo("describe this picture");
        assertThat(withImage.usage().inputTokens())
                .isGreaterThan(textOnly.usage().inputTokens());
        long counted = client.messages()
                .countTokens(MessageCountTokensParams.builder()
                        .model(MODEL)
                        .addUserMessageOfContentBlockParams(blocks)
                        .build())
                .inputTokens();
        assertThat(counted).isEqualTo(withImage.usage().inputTokens());
    }

    @Test
    void stopsAtAStopSequenceStreamedOrNot() {
        MessageCreateParams params =
                params("one two STOP three four").addStopSequence("STOP").build();
        Message whole = client.messages().create(params);
        assertThat(whole.content().get(0).text().orElseThrow().text()).isEqualTo("one two ");
        // vLLM ends the turn at a stop string and never names it in stop_sequence.
        assertThat(whole.stopReason()).contains(StopReason.END_TURN);
        assertThat(whole.stopSequence()).isEmpty();

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().content().get(0).text().orElseThrow().text())
                .isEqualTo("one two ");
        assertThat(accumulator.message().stopReason()).contains(StopReason.END_TURN);
    }

    @Test
    void countsTokensAsTheMessageWouldUseThem() {
        Message message = client.messages()
                .create(params("Count these words please")
                        .system("You are terse.")
                        .build());
        long counted = client.messages()
                .countTokens(MessageCountTokensParams.builder()
                        .model(MODEL)
                        .system("You are terse.")
                        .addUserMessage("Count these words please")
                        .build())
                .inputTokens();
        // 8 tokens of text and 9 of the chat template's markers and roles.
        assertThat(counted).isEqualTo(message.usage().inputTokens()).isEqualTo(17);
        assertThatThrownBy(() -> client.messages()
                        .countTokens(MessageCountTokensParams.builder()
                                .model("nope")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOf(NotFoundException.class);
        SimClient.Reply raw = new SimClient(base())
                .post(
                        "/v1/messages/count_tokens",
                        "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"one two\"}]}");
        assertThat(raw.json().path("input_tokens").asInt()).isEqualTo(8);
        assertThat(raw.json().at("/context_management/original_input_tokens").asInt())
                .isEqualTo(8);
        SimClient.Reply bad = new SimClient(base()).post("/v1/messages/count_tokens", "{\"model\":\"" + MODEL + "\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/type").asText()).isEqualTo("BadRequestError");
    }

    @Test
    void callsEachToolInItsOwnBlockUnlessParallelUseIsDisabled() {
        Tool time = Tool.builder()
                .name("get_time")
                .inputSchema(Tool.InputSchema.builder().build())
                .build();
        MessageCreateParams params = params("Weather and time?")
                .addTool(WEATHER)
                .addTool(time)
                .toolChoice(ToolChoice.ofAny(ToolChoiceAny.builder().build()))
                .build();

        Message whole = client.messages().create(params);
        assertThat(whole.content()).hasSize(2);
        assertThat(whole.content())
                .allSatisfy(block -> assertThat(block.isToolUse()).isTrue());

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(accumulator::accumulate);
        }
        assertThat(accumulator.message().content()).hasSize(2);
        for (ContentBlock block : accumulator.message().content()) {
            ToolUseBlock call = block.toolUse().orElseThrow();
            assertThat(call.name()).isIn("get_weather", "get_time");
            if (call.name().equals("get_weather")) {
                assertThat(call._input().toString()).contains("city");
            }
        }

        Message one = client.messages()
                .create(params.toBuilder()
                        .toolChoice(ToolChoice.ofAny(ToolChoiceAny.builder()
                                .disableParallelToolUse(true)
                                .build()))
                        .build());
        assertThat(one.content()).hasSize(1);
    }

    @Test
    void sendsTheNamedEventsWithAPing() {
        SimClient.Stream stream = new SimClient(base())
                .stream(
                        "/v1/messages",
                        "{\"model\":\"" + MODEL
                                + "\",\"max_tokens\":10,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}");
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        List<String> names = new ArrayList<>();
        for (String line : stream.rawBody().split("\n")) {
            if (line.startsWith("event: ")) {
                names.add(line.substring(7));
            }
        }
        assertThat(names)
                .containsExactly(
                        "message_start",
                        "content_block_start",
                        "ping",
                        "content_block_delta",
                        "content_block_delta",
                        "content_block_stop",
                        "message_delta",
                        "message_stop");
    }

    @Test
    void refusesInAnthropicsErrorShape() {
        assertThatThrownBy(() -> client.messages()
                        .create(MessageCreateParams.builder()
                                .model("nope")
                                .maxTokens(5)
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.messages()
                        .create(MessageCreateParams.builder()
                                .model(MODEL)
                                .maxTokens(500)
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOf(BadRequestException.class);
        SimClient raw = new SimClient(base());
        for (String body : List.of(
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[]}",
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}",
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":\"many\",\"messages\":[]}",
                "not json")) {
            // A connection of its own each: Tomcat drops the connection after a 400 (its statusDropsConnection).
            SimClient.Reply reply = new SimClient(base()).post("/v1/messages", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            JsonNode json = reply.json();
            assertThat(json.path("type").asText()).as(body).isEqualTo("error");
            assertThat(json.at("/error/type").asText()).isEqualTo("BadRequestError");
            assertThat(json.at("/error/message").asText()).isNotBlank();
        }
        SimClient.Reply forced =
                raw.withHeaders("X-Return-Error", "429").post("/v1/messages", "{\"model\":\"" + MODEL + "\"}");
        assertThat(forced.status()).isEqualTo(429);
        assertThat(forced.json().at("/error/type").asText()).isEqualTo("RateLimitError");
        assertThat(raw.post("/v1/chat/completions", "{\"messages\":[]}").json().has("type"))
                .isFalse();
    }
}
