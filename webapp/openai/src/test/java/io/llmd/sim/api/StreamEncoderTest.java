package io.llmd.sim.api;

import static io.llmd.sim.api.Generations.generation;
import static io.llmd.sim.api.Generations.stopped;
import static io.llmd.sim.api.Generations.text;
import static io.llmd.sim.api.Generations.toolCall;
import static io.llmd.sim.api.Generations.withLogprobs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.openai.OpenAiStreamEncoder;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Tokenizer;
import io.llmd.sim.core.ToolCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamEncoderTest {
    private static final String ID = "chatcmpl-0123456789abcdef0123456789abcdef";
    private static final long CREATED = 1_700_000_000L;
    private static final List<String> TOKENS =
            List.of("Say", " \"hi\"", " C:\\dir", "\n", "\ttab", " 😀", " é", " \u0001", " </script>", " \u2028");

    private final EventBuffer buffer = new EventBuffer();

    private static Generation single(FinishReason finishReason, List<String> tokens) {
        return generation(12, text(0, finishReason, tokens));
    }

    /** Every event of a stream in the order a server writes them: step by step, choice by choice. */
    private List<JsonNode> events(OpenAiStreamEncoder encoder) {
        List<JsonNode> events = new ArrayList<>();
        for (int step = 0; step < encoder.steps(); step++) {
            for (int choice = 0; choice < encoder.choiceCount(); choice++) {
                if (encoder.hasEvent(choice, step)) {
                    buffer.reset();
                    encoder.token(buffer, choice, step, -1);
                    events.add(parseEvent());
                }
            }
        }
        return events;
    }

    /** The events of one choice, in order. */
    private List<JsonNode> eventsOf(OpenAiStreamEncoder encoder, int choice) {
        return events(encoder).stream()
                .filter(event -> event.at("/choices/0/index").asInt() == choice)
                .toList();
    }

    /** Checks the buffer holds exactly {@code data: <one-line JSON>\n\n} and returns the JSON. */
    private JsonNode parseEvent() {
        String event = new String(buffer.array(), 0, buffer.length(), StandardCharsets.UTF_8);
        assertThat(event).startsWith("data: ").endsWith("\n\n");
        String payload = event.substring("data: ".length(), event.length() - 2);
        assertThat(payload).doesNotContain("\n", "\r");
        try {
            return Json.mapper().readTree(buffer.array(), "data: ".length(), buffer.length() - "data: ".length() - 2);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void chatEventsCarryTheStreamsIdObjectCreatedAndModel() {
        OpenAiStreamEncoder encoder =
                OpenAiStreamEncoder.chat(ID, CREATED, "my-lora", single(FinishReason.STOP, TOKENS));

        assertThat(events(encoder)).hasSize(TOKENS.size()).allSatisfy(event -> {
            assertThat(event.get("id").asText()).isEqualTo(ID);
            assertThat(event.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(event.get("created").isIntegralNumber()).isTrue();
            assertThat(event.get("created").asLong()).isEqualTo(CREATED);
            assertThat(event.get("model").asText()).isEqualTo("my-lora");
            assertThat(event.get("choices")).hasSize(1);
            assertThat(event.at("/choices/0/index").asInt(-1)).isZero();
            assertThat(event.at("/choices/0/logprobs").isNull()).isTrue();
            assertThat(event.has("usage")).isFalse();
        });
    }

    @Test
    void anAbortedStreamEndsItsUnfinishedChoicesWithFinishReasonAbortAsVllm() throws Exception {
        Generation two = Generations.generation(
                4,
                Generations.text(0, FinishReason.STOP, List.of("a", " b", " c")),
                Generations.text(1, FinishReason.LENGTH, List.of("x")));
        OpenAiStreamEncoder chat = OpenAiStreamEncoder.chat(ID, CREATED, "m", two, true, false);
        EventBuffer out = new EventBuffer();

        assertThat(chat.aborted(out, 2)).isTrue();

        String text = new String(out.array(), 0, out.length(), java.nio.charset.StandardCharsets.UTF_8);
        List<String> data = text.lines()
                .filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6))
                .toList();
        assertThat(data).hasSize(3).last().isEqualTo("[DONE]");
        JsonNode end = Json.mapper().readTree(data.get(0));
        assertThat(end.at("/choices/0/index").asInt())
                .as("choice 1 finished at step 0 already")
                .isZero();
        assertThat(end.at("/choices/0/finish_reason").asText()).isEqualTo("abort");
        assertThat(end.at("/choices/0/delta/content").asText()).isEmpty();
        assertThat(end.at("/choices/0/delta").has("role")).isFalse();
        JsonNode usage = Json.mapper().readTree(data.get(1));
        assertThat(usage.at("/usage/completion_tokens").asInt())
                .as("a b and x went out")
                .isEqualTo(3);
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(4);

        EventBuffer before = new EventBuffer();
        OpenAiStreamEncoder.completion(ID, CREATED, "m", two, null).aborted(before, 0);
        String beforeText = new String(before.array(), 0, before.length(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(beforeText.lines().filter(line -> line.contains("\"finish_reason\":\"abort\"")))
                .as("aborted before its first token: every choice ends by abort")
                .hasSize(2);
    }

    @Test
    void aStreamBelowItsCacheHitThresholdIsOneEmptyEventPerChoiceEndingByCacheThresholdThenUsage() throws Exception {
        Generation two = Generations.generation(
                4,
                Generations.text(0, FinishReason.STOP, List.of("a", " b", " c")),
                Generations.text(1, FinishReason.LENGTH, List.of("x")));
        EventBuffer out = new EventBuffer();

        assertThat(OpenAiStreamEncoder.chat(ID, CREATED, "m", two, true, false).cacheThreshold(out))
                .isTrue();

        List<String> data = new String(out.array(), 0, out.length(), StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6))
                .toList();
        assertThat(data).hasSize(4).last().isEqualTo("[DONE]");
        for (int choice = 0; choice < 2; choice++) {
            JsonNode event = Json.mapper().readTree(data.get(choice));
            assertThat(event.at("/choices/0/index").asInt()).isEqualTo(choice);
            assertThat(event.at("/choices/0/finish_reason").asText()).isEqualTo("cache_threshold");
            assertThat(event.at("/choices/0/delta/content").asText()).isEmpty();
        }
        JsonNode usage = Json.mapper().readTree(data.get(2));
        assertThat(usage.at("/usage/completion_tokens").asInt()).isZero();
        assertThat(usage.at("/usage/prompt_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void onlyTheFirstChatEventCarriesTheAssistantRole() {
        List<JsonNode> events = events(OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.STOP, TOKENS)));

        assertThat(events.getFirst().at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(events.subList(1, events.size()))
                .allSatisfy(event ->
                        assertThat(event.at("/choices/0/delta").has("role")).isFalse());
    }

    @Test
    void chatEventsDeliverEachTokenExactlyEvenWhenItNeedsEscaping() {
        List<JsonNode> events = events(OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.STOP, TOKENS)));

        assertThat(events)
                .extracting(event -> event.at("/choices/0/delta/content").asText())
                .containsExactlyElementsOf(TOKENS);
    }

    @Test
    void onlyTheLastChatEventCarriesTheFinishAndStopReasons() {
        List<JsonNode> events = events(OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.LENGTH, TOKENS)));

        assertThat(events.subList(0, events.size() - 1)).allSatisfy(event -> {
            assertThat(event.at("/choices/0").has("finish_reason")).isTrue();
            assertThat(event.at("/choices/0/finish_reason").isNull()).isTrue();
            assertThat(event.at("/choices/0").has("stop_reason")).isFalse();
        });
        JsonNode last = events.getLast();
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(last.at("/choices/0").has("stop_reason")).isTrue();
        assertThat(last.at("/choices/0/stop_reason").isNull()).isTrue();
    }

    @Test
    void lastEventCarriesAStopStringAsTextAndAStopTokenAsNumber() {
        Generation generation =
                generation(3, stopped(0, "\"end\"", List.of("a", " b")), stopped(1, 128_001, List.of("c")));

        List<JsonNode> events = events(OpenAiStreamEncoder.chat(ID, CREATED, "m", generation));

        JsonNode stringStop = events.getLast();
        assertThat(stringStop.at("/choices/0/index").asInt()).isZero();
        assertThat(stringStop.at("/choices/0/stop_reason").isTextual()).isTrue();
        assertThat(stringStop.at("/choices/0/stop_reason").asText()).isEqualTo("\"end\"");
        JsonNode tokenStop = events.get(1);
        assertThat(tokenStop.at("/choices/0/index").asInt()).isEqualTo(1);
        assertThat(tokenStop.at("/choices/0/stop_reason").isIntegralNumber()).isTrue();
        assertThat(tokenStop.at("/choices/0/stop_reason").asInt()).isEqualTo(128_001);
        assertThat(tokenStop.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void emptyChatAnswerIsOneEventWithRoleAndFinishReason() {
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.STOP, List.of()));

        List<JsonNode> events = events(encoder);

        assertThat(encoder.steps()).isEqualTo(1);
        assertThat(encoder.hasEvent(0, 0)).isTrue();
        assertThat(encoder.isLast(0, 0)).isTrue();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.at("/choices/0/delta/role").asText()).isEqualTo("assistant");
            assertThat(event.at("/choices/0/delta/content").asText("absent")).isEmpty();
            assertThat(event.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        });
    }

    @Test
    void twoChoicesInterleaveStepByStepEachWithItsIndex() {
        Generation generation = generation(
                5, text(0, FinishReason.LENGTH, List.of("a", " b", " c")), text(1, FinishReason.STOP, List.of("x")));
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat(ID, CREATED, "m", generation);

        List<JsonNode> events = events(encoder);

        assertThat(encoder.steps()).isEqualTo(3);
        assertThat(encoder.choiceCount()).isEqualTo(2);
        assertThat(encoder.hasEvent(1, 0)).isTrue();
        assertThat(encoder.hasEvent(1, 1)).isFalse();
        assertThat(encoder.isLast(1, 0)).isTrue();
        assertThat(encoder.isLast(0, 1)).isFalse();
        assertThat(encoder.isLast(0, 2)).isTrue();
        assertThat(events)
                .extracting(event -> event.at("/choices/0/index").asInt())
                .containsExactly(0, 1, 0, 0);
        assertThat(events)
                .extracting(event -> event.at("/choices/0/delta/content").asText())
                .containsExactly("a", "x", " b", " c");
        assertThat(events)
                .extracting(event -> event.at("/choices/0/delta/role").asText(null))
                .containsExactly("assistant", "assistant", null, null);
        assertThat(events)
                .extracting(event -> event.at("/choices/0/finish_reason").textValue())
                .containsExactly(null, "stop", null, "length");
        assertThat(events).allSatisfy(event -> assertThat(event.get("choices")).hasSize(1));
    }

    @Test
    void aToolCallStreamsItsIdAndNameFirstThenArgumentFragments() {
        String arguments = "{\"city\": \"Paris\", \"days\": 3}";
        ToolCall call = new ToolCall("chatcmpl-tool-abc", "get_weather", arguments);
        List<String> fragments = Tokenizer.tokenize(arguments);
        OpenAiStreamEncoder encoder =
                OpenAiStreamEncoder.chat(ID, CREATED, "m", generation(4, toolCall(0, call, fragments)));

        List<JsonNode> events = events(encoder);

        assertThat(events).hasSize(fragments.size());
        JsonNode first = events.getFirst().at("/choices/0/delta");
        assertThat(first.get("role").asText()).isEqualTo("assistant");
        assertThat(first.has("content")).isTrue();
        assertThat(first.get("content").isNull()).isTrue();
        assertThat(first.get("tool_calls")).hasSize(1);
        assertThat(first.at("/tool_calls/0/index").asInt(-1)).isZero();
        assertThat(first.at("/tool_calls/0/id").asText()).isEqualTo("chatcmpl-tool-abc");
        assertThat(first.at("/tool_calls/0/type").asText()).isEqualTo("function");
        assertThat(first.at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(first.at("/tool_calls/0/function/arguments").asText()).isEqualTo(fragments.getFirst());
        assertThat(events.subList(1, events.size())).allSatisfy(event -> {
            JsonNode delta = event.at("/choices/0/delta");
            assertThat(delta.has("role")).isFalse();
            assertThat(delta.has("content")).isFalse();
            assertThat(delta.get("tool_calls")).hasSize(1);
            assertThat(delta.at("/tool_calls/0/index").asInt(-1)).isZero();
            assertThat(delta.at("/tool_calls/0").has("id")).isFalse();
            assertThat(delta.at("/tool_calls/0/function").has("name")).isFalse();
        });
        StringBuilder streamed = new StringBuilder();
        events.forEach(event -> streamed.append(
                event.at("/choices/0/delta/tool_calls/0/function/arguments").asText()));
        assertThat(streamed.toString()).isEqualTo(arguments);
        assertThat(events.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void severalToolCallsStreamOneAfterTheOtherEachOpenedWithItsIndexIdAndName() {
        ToolCall first = new ToolCall("id-a", "f", "{\"x\": 1}");
        ToolCall second = new ToolCall("id-b", "g", "{}");
        List<String> tokens = new ArrayList<>(Tokenizer.tokenize(first.arguments()));
        tokens.addAll(Tokenizer.tokenize(second.arguments()));
        Generation generation = generation(
                4, new io.llmd.sim.core.Choice(0, tokens, FinishReason.TOOL_CALLS, null, List.of(first, second), null));

        List<JsonNode> events = events(OpenAiStreamEncoder.chat(ID, CREATED, "m", generation));

        assertThat(events).hasSize(tokens.size());
        int firstTokens = Tokenizer.count(first.arguments());
        StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
        for (int i = 0; i < events.size(); i++) {
            JsonNode call = events.get(i).at("/choices/0/delta/tool_calls/0");
            int index = i < firstTokens ? 0 : 1;
            assertThat(call.path("index").asInt(-1)).isEqualTo(index);
            boolean opens = i == 0 || i == firstTokens;
            assertThat(call.has("id")).isEqualTo(opens);
            assertThat(call.path("function").has("name")).isEqualTo(opens);
            assertThat(events.get(i).at("/choices/0/delta").has("content")).isEqualTo(i == 0);
            arguments[index].append(call.at("/function/arguments").asText());
        }
        JsonNode secondOpens = events.get(firstTokens).at("/choices/0/delta/tool_calls/0");
        assertThat(secondOpens.path("id").asText()).isEqualTo("id-b");
        assertThat(secondOpens.path("type").asText()).isEqualTo("function");
        assertThat(secondOpens.at("/function/name").asText()).isEqualTo("g");
        assertThat(arguments[0].toString()).isEqualTo(first.arguments());
        assertThat(arguments[1].toString()).isEqualTo(second.arguments());
        assertThat(events.getLast().at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }

    @Test
    void aToolCallAndATextChoiceStreamSideBySide() {
        ToolCall call = new ToolCall("id-1", "f", "{}");
        Generation generation = generation(
                4, toolCall(0, call, List.of("{", "}")), text(1, FinishReason.STOP, List.of("plain", " text")));

        List<JsonNode> events = events(OpenAiStreamEncoder.chat(ID, CREATED, "m", generation));

        assertThat(events)
                .extracting(event -> event.at("/choices/0/delta").has("tool_calls"))
                .containsExactly(true, false, true, false);
        assertThat(events.get(1).at("/choices/0/delta/content").asText()).isEqualTo("plain");
    }

    @Test
    void chatLogprobsArriveWithTheirToken() {
        List<String> tokens = List.of("Hi", " é");
        Generation generation = generation(2, withLogprobs(0, tokens, 2));

        List<JsonNode> events = events(OpenAiStreamEncoder.chat(ID, CREATED, "m", generation));

        assertThat(events).hasSize(2);
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode content = events.get(i).at("/choices/0/logprobs/content");
            assertThat(content).hasSize(1);
            JsonNode entry = content.get(0);
            assertThat(entry.get("token").asText()).isEqualTo(tokens.get(i));
            assertThat(entry.get("logprob").asDouble()).isEqualTo(-0.25 * (i + 1));
            assertThat(bytes(entry.get("bytes"))).isEqualTo(tokens.get(i).getBytes(StandardCharsets.UTF_8));
            assertThat(entry.get("top_logprobs")).hasSize(2);
            assertThat(entry.at("/top_logprobs/0/token").asText()).isEqualTo(tokens.get(i));
            assertThat(entry.at("/top_logprobs/0/logprob").asDouble())
                    .isEqualTo(entry.get("logprob").asDouble());
            assertThat(entry.at("/top_logprobs/1/token").asText()).isEqualTo(" alt1");
            assertThat(bytes(entry.at("/top_logprobs/1/bytes"))).isEqualTo(" alt1".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void completionEventsCarryTextAndNullStopReason() {
        OpenAiStreamEncoder encoder =
                OpenAiStreamEncoder.completion("cmpl-1", CREATED, "m", single(FinishReason.STOP, TOKENS), null);

        List<JsonNode> events = events(encoder);

        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("id").asText()).isEqualTo("cmpl-1");
            assertThat(event.get("object").asText()).isEqualTo("text_completion");
            assertThat(event.get("created").asLong()).isEqualTo(CREATED);
            assertThat(event.get("model").asText()).isEqualTo("m");
            assertThat(event.at("/choices/0/index").asInt(-1)).isZero();
            assertThat(event.at("/choices/0").has("delta")).isFalse();
            assertThat(event.at("/choices/0/logprobs").isNull()).isTrue();
            assertThat(event.at("/choices/0").has("stop_reason")).isTrue();
            assertThat(event.at("/choices/0/stop_reason").isNull()).isTrue();
        });
        assertThat(events)
                .extracting(event -> event.at("/choices/0/text").asText())
                .containsExactlyElementsOf(TOKENS);
        assertThat(events)
                .extracting(event -> event.at("/choices/0/finish_reason").textValue())
                .containsExactly(null, null, null, null, null, null, null, null, null, "stop");
    }

    @Test
    void completionEchoPrefixesOnlyEachChoicesFirstEvent() {
        Generation generation = generation(
                4,
                text(0, FinishReason.LENGTH, List.of(" a", " b")),
                text(1, FinishReason.LENGTH, List.of(" c", " d")));
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.completion(
                "cmpl-1", CREATED, "m", generation, List.of("First \"prompt\"", "Second"));

        assertThat(eventsOf(encoder, 0))
                .extracting(event -> event.at("/choices/0/text").asText())
                .containsExactly("First \"prompt\" a", " b");
        assertThat(eventsOf(encoder, 1))
                .extracting(event -> event.at("/choices/0/text").asText())
                .containsExactly("Second c", " d");
    }

    @Test
    void emptyCompletionChoiceStillSendsItsEcho() {
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.completion(
                "cmpl-1", CREATED, "m", single(FinishReason.STOP, List.of()), List.of("the prompt"));

        assertThat(events(encoder)).singleElement().satisfies(event -> {
            assertThat(event.at("/choices/0/text").asText()).isEqualTo("the prompt");
            assertThat(event.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        });
    }

    @Test
    void completionLogprobsCountTheirTextOffsetsFromAfterTheEcho() {
        List<String> tokens = List.of(" a", " bb", " é");
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.completion(
                "cmpl-1", CREATED, "m", generation(2, withLogprobs(0, tokens, 2)), List.of("Hi"));

        List<JsonNode> events = events(encoder);

        assertThat(events)
                .extracting(
                        event -> event.at("/choices/0/logprobs/text_offset/0").asInt())
                .containsExactly(2, 4, 7);
        for (int i = 0; i < tokens.size(); i++) {
            JsonNode logprobs = events.get(i).at("/choices/0/logprobs");
            assertThat(logprobs.get("text_offset")).hasSize(1);
            assertThat(logprobs.get("tokens")).hasSize(1);
            assertThat(logprobs.at("/tokens/0").asText()).isEqualTo(tokens.get(i));
            assertThat(logprobs.at("/token_logprobs/0").asDouble()).isEqualTo(-0.25 * (i + 1));
            JsonNode top = logprobs.at("/top_logprobs/0");
            assertThat(top.isObject()).isTrue();
            assertThat(top.size()).isEqualTo(2);
            assertThat(top.get(tokens.get(i)).asDouble()).isEqualTo(-0.25 * (i + 1));
            assertThat(top.get(" alt1").asDouble()).isEqualTo(-0.25 * (i + 1) - 1);
        }
    }

    @Test
    void completionLogprobsStartAtZeroWithoutEcho() {
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.completion(
                "cmpl-1", CREATED, "m", generation(2, withLogprobs(0, List.of("x", " y"), 1)), null);

        assertThat(events(encoder))
                .extracting(
                        event -> event.at("/choices/0/logprobs/text_offset/0").asInt())
                .containsExactly(0, 1);
    }

    @Test
    void continuousUsageAddsTheRunningCountsToEveryEvent() {
        Generation generation = generation(
                12, text(0, FinishReason.STOP, List.of("a", " b")), text(1, FinishReason.STOP, List.of("c")));
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat(ID, CREATED, "m", generation);

        encoder.token(buffer, 0, 0, 1);
        JsonNode first = parseEvent();
        buffer.reset();
        encoder.token(buffer, 1, 0, 2);
        JsonNode second = parseEvent();

        assertThat(first.at("/usage/prompt_tokens").asInt()).isEqualTo(12);
        assertThat(first.at("/usage/completion_tokens").asInt()).isEqualTo(1);
        assertThat(first.at("/usage/total_tokens").asInt()).isEqualTo(13);
        assertThat(first.at("/choices/0/delta/content").asText()).isEqualTo("a");
        assertThat(second.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(second.at("/usage/total_tokens").asInt()).isEqualTo(14);
        assertThat(second.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void continuousUsageWorksForCompletionsToo() {
        OpenAiStreamEncoder encoder =
                OpenAiStreamEncoder.completion("cmpl-1", CREATED, "m", single(FinishReason.STOP, List.of("a")), null);

        encoder.token(buffer, 0, 0, 1);

        JsonNode event = parseEvent();
        assertThat(event.at("/usage/completion_tokens").asInt()).isEqualTo(1);
        assertThat(event.at("/choices/0/text").asText()).isEqualTo("a");
    }

    @Test
    void usageEventHasNoChoicesAndTheTokenCounts() {
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.STOP, TOKENS));

        encoder.usage(buffer, 10);
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
    void theFinalUsageReportsCachedPromptTokensAsVllmDoes() {
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.STOP, TOKENS))
                .reportingCachedTokens(() -> 8);

        encoder.usage(buffer, 10);
        JsonNode event = parseEvent();

        assertThat(event.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(8);
        assertThat(event.at("/usage/total_tokens").asInt()).isEqualTo(22);
    }

    @Test
    void noCachedTokensMeansNoPromptTokensDetails() {
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.STOP, TOKENS))
                .reportingCachedTokens(() -> 0);

        encoder.usage(buffer, 10);

        assertThat(parseEvent().get("usage").has("prompt_tokens_details")).isFalse();
    }

    @Test
    void doneEndsTheStream() {
        OpenAiStreamEncoder.completion("cmpl-1", CREATED, "m", single(FinishReason.STOP, TOKENS), null)
                .done(buffer);

        assertThat(buffer.toString()).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void escapesIdModelAndToolNames() {
        ToolCall call = new ToolCall("call\"1", "we\"ird\\name", "{}");
        Generation generation = generation(1, toolCall(0, call, List.of("{", "}")));
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat("id\"1", CREATED, "org/we\"ird\\model é", generation);

        encoder.token(buffer, 0, 0, -1);
        JsonNode event = parseEvent();

        assertThat(event.get("id").asText()).isEqualTo("id\"1");
        assertThat(event.get("model").asText()).isEqualTo("org/we\"ird\\model é");
        assertThat(event.at("/choices/0/delta/tool_calls/0/id").asText()).isEqualTo("call\"1");
        assertThat(event.at("/choices/0/delta/tool_calls/0/function/name").asText())
                .isEqualTo("we\"ird\\name");
    }

    @Test
    void eventsWrittenOneAfterAnotherStayApart() throws IOException {
        OpenAiStreamEncoder encoder =
                OpenAiStreamEncoder.chat(ID, CREATED, "m", single(FinishReason.STOP, List.of("a", " b")));

        encoder.token(buffer, 0, 0, -1);
        encoder.token(buffer, 0, 1, -1);
        encoder.usage(buffer, 2);
        encoder.done(buffer);

        String[] events = buffer.toString().split("\n\n", -1);
        assertThat(events).hasSize(5);
        assertThat(events[4]).isEmpty();
        assertThat(events[3]).isEqualTo("data: [DONE]");
        for (int i = 0; i < 3; i++) {
            assertThat(events[i]).startsWith("data: {");
            assertThat(Json.mapper()
                            .readTree(events[i].substring("data: ".length()))
                            .isObject())
                    .isTrue();
        }
    }

    @Test
    void aWholeStreamIsEachStepsChoiceEventsThenTheUsageAndDone() {
        Generation generation = generation(
                3,
                text(0, FinishReason.LENGTH, List.of("a", " b", " c")),
                text(1, FinishReason.STOP, List.of()),
                text(2, FinishReason.STOP, List.of("x")));
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.chat(ID, CREATED, "m", generation, true, true);
        EventBuffer expected = new EventBuffer();
        encoder.token(expected, 0, 0, 1);
        encoder.token(expected, 1, 0, 0);
        encoder.token(expected, 2, 0, 1);
        encoder.token(expected, 0, 1, 2);
        encoder.token(expected, 0, 2, 3);
        encoder.usage(expected, 4);
        encoder.done(expected);

        encoder.start(buffer);
        for (int step = 0; step < encoder.steps(); step++) {
            encoder.step(buffer, step);
        }
        encoder.end(buffer);

        assertThat(buffer.toString()).isEqualTo(expected.toString());
    }

    @Test
    void withoutStreamOptionsTheEndIsOnlyDone() {
        OpenAiStreamEncoder encoder =
                OpenAiStreamEncoder.completion("cmpl-1", CREATED, "m", single(FinishReason.STOP, List.of("a")), null);

        encoder.start(buffer);
        assertThat(buffer.length()).isZero();
        encoder.step(buffer, 0);
        assertThat(parseEvent().has("usage")).isFalse();
        buffer.reset();
        encoder.end(buffer);

        assertThat(buffer.toString()).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void includeUsageAloneAddsTheUsageEventButNoRunningUsage() {
        OpenAiStreamEncoder encoder = OpenAiStreamEncoder.completion(
                "cmpl-1", CREATED, "m", single(FinishReason.STOP, List.of("a", " b")), null, null, true, false);

        encoder.step(buffer, 0);
        assertThat(parseEvent().has("usage")).isFalse();
        buffer.reset();
        encoder.end(buffer);

        String[] events = buffer.toString().split("\n\n");
        assertThat(events).hasSize(2);
        assertThat(events[1]).isEqualTo("data: [DONE]");
        assertThat(events[0]).contains("\"choices\":[]", "\"completion_tokens\":2");
    }

    private static byte[] bytes(JsonNode list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) list.get(i).asInt();
        }
        return out;
    }

    @Test
    void aStreamThatFailsOnceStartedEndsWithTheErrorEventAndDone() {
        OpenAiStreamEncoder encoder =
                OpenAiStreamEncoder.chat(ID, CREATED, "my-lora", single(FinishReason.STOP, TOKENS));

        encoder.failed(buffer, "{\"error\":{}}".getBytes(StandardCharsets.UTF_8));

        assertThat(buffer.toString()).isEqualTo("data: {\"error\":{}}\n\ndata: [DONE]\n\n");
    }
}
