package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatorTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);
    /** Ten tokens: "w0", " w1", ..., " w9". */
    private static final String TEN_TOKENS = "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9";

    private static Simulator simulator(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--model", "m"));
        args.addAll(List.of(extraArgs));
        return new Simulator(config(args.toArray(String[]::new)), new FakeClock(0), List.of());
    }

    private static Simulator echo(int maxModelLen) {
        return simulator("--mode", "echo", "--max-model-len", Integer.toString(maxModelLen));
    }

    @Test
    void refusesPromptAndMaxTokensBeyondTheContext() {
        Simulator simulator = echo(20);

        assertThatThrownBy(() -> simulator.plan(new GenerationRequest(BASE, TEN_TOKENS, "hi", 11)))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("max_tokens");
                })
                .hasMessage("This model's maximum context length is 20 tokens. However, you requested 21 tokens "
                        + "(10 in the messages, 11 in the completion). Please reduce the length of the messages "
                        + "or completion.");
    }

    @Test
    void plansARequestThatOnlyPrefillsAsAnAnswerWithoutChoices() {
        Generation generation = echo(20).plan(GenerationRequest.promptOnly(BASE, TEN_TOKENS, 3));

        assertThat(generation.promptTokens()).isEqualTo(13);
        assertThat(generation.choices()).isEmpty();
        assertThat(generation.maxTokens()).isZero();
        assertThat(generation.steps()).isZero();
    }

    @Test
    void refusesARequestThatOnlyPrefillsWhenItsPromptFillsTheContext() {
        assertThatThrownBy(() -> echo(10).plan(GenerationRequest.promptOnly(BASE, TEN_TOKENS, 0)))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST))
                .hasMessageContaining("maximum context length is 10 tokens");
    }

    @Test
    void acceptsPromptAndMaxTokensFillingTheContextExactly() {
        Generation generation = echo(20).plan(new GenerationRequest(BASE, TEN_TOKENS, "hi", 10));

        assertThat(generation.promptTokens()).isEqualTo(10);
    }

    @Test
    void refusesAPromptThatFillsTheContextWhenNoMaxTokensIsGiven() {
        Simulator simulator = echo(10);

        assertThatThrownBy(() -> simulator.plan(new GenerationRequest(BASE, TEN_TOKENS, "hi", null)))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("messages");
                })
                .hasMessageContaining("maximum context length is 10 tokens")
                .hasMessageContaining("has 10 input tokens");
    }

    @Test
    void refusesAHugeMaxTokensWithoutOverflowing() {
        Simulator simulator = echo(20);

        assertThatThrownBy(() -> simulator.plan(new GenerationRequest(BASE, "hi", "hi", Integer.MAX_VALUE)))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("max_tokens"))
                .hasMessageContaining("you requested " + (1L + Integer.MAX_VALUE) + " tokens");
    }

    @Test
    void countsThePromptWithTheTokenizer() {
        String prompt = "Hello, world! How are you?";

        Generation generation = echo(100).plan(new GenerationRequest(BASE, prompt, "hi", null));

        assertThat(generation.promptTokens()).isEqualTo(Tokenizer.count(prompt));
    }

    @Test
    void echoCutsTheAnswerAtMaxTokens() {
        Generation generation = echo(100).plan(new GenerationRequest(BASE, "p", "one two three four five", 3));

        assertThat(generation.first().tokens()).containsExactly("one", " two", " three");
        assertThat(generation.completionTokens()).isEqualTo(3);
        assertThat(generation.first().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void echoAnswersTheWholeTextWhenItFits() {
        Generation generation = echo(100).plan(new GenerationRequest(BASE, "p", "one two three", 3));

        assertThat(generation.first().text()).isEqualTo("one two three");
        assertThat(generation.first().finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void echoWithoutMaxTokensIsCutAtTheRestOfTheContext() {
        Generation generation = echo(14).plan(new GenerationRequest(BASE, TEN_TOKENS, TEN_TOKENS, null));

        assertThat(generation.first().tokens()).containsExactly("w0", " w1", " w2", " w3");
        assertThat(generation.first().finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void answersForTheTargetItWasAsked() {
        ModelTarget lora = new ModelTarget("adapter", new LoraModule("adapter", "/p"));

        assertThat(echo(100).plan(new GenerationRequest(lora, "p", "x", null)).target())
                .isEqualTo(lora);
    }

    @Test
    void randomAnswersAreMadeOfBankSentences() {
        Generation generation = simulator().plan(new GenerationRequest(BASE, "p", "ignored", null));

        String text = generation.first().text();
        assertThat(text).isNotEmpty().doesNotContain("ignored");
        assertThat(SentenceBank.SENTENCES)
                .anySatisfy(sentence -> assertThat(text).startsWith(sentence));
        assertThat(generation.first().finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void randomModeRepeatsAnswersAndIdsForTheSameSeed() {
        Simulator one = simulator("--seed", "99");
        Simulator two = simulator("--seed", "99");

        assertThat(transcript(one)).isEqualTo(transcript(two));
    }

    @Test
    void randomModeVariesWithTheSeed() {
        assertThat(transcript(simulator("--seed", "1"))).isNotEqualTo(transcript(simulator("--seed", "2")));
    }

    @Test
    void newIdIsThePrefixAndThirtyTwoHexDigits() {
        assertThat(simulator().newId("chatcmpl-")).matches("chatcmpl-[0-9a-f]{32}");
    }

    @Test
    void admittingTakesAPlaceInTheScheduler() {
        Simulator simulator = simulator("--max-num-seqs", "1");
        Generation generation = simulator.plan(new GenerationRequest(BASE, "p", "x", null));

        simulator.admit(generation, 0);
        simulator.admit(generation, 0);

        assertThat(simulator.scheduler().running()).isEqualTo(1);
        assertThat(simulator.scheduler().waiting()).isEqualTo(1);
    }

    @Test
    void admittingAnAdapterRequestLoadsTheAdapter() {
        Simulator simulator = simulator("--lora-modules", "adapter=/p");
        ModelTarget target = simulator.catalog().resolve("adapter");

        simulator.admit(simulator.plan(new GenerationRequest(target, "p", "x", null)), 0);

        assertThat(simulator.scheduler().loadedLoras()).containsExactly("adapter");
    }

    @Test
    void plansNChoicesIndexedFromZero() {
        Generation generation = echo(100).plan(request("p", "one two", 10, sampling(3, -1)));

        assertThat(generation.choices()).extracting(Choice::index).containsExactly(0, 1, 2);
        assertThat(generation.choices()).allSatisfy(choice -> {
            assertThat(choice.text()).isEqualTo("one two");
            assertThat(choice.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(choice.toolCall()).isNull();
            assertThat(choice.logprobs()).isNull();
        });
        assertThat(generation.completionTokens()).isEqualTo(6);
        assertThat(generation.steps()).isEqualTo(2);
        assertThat(generation.maxTokens()).isEqualTo(10);
    }

    @Test
    void randomChoicesAreDrawnEachOnItsOwn() {
        Generation generation = simulator("--seed", "5").plan(request("p", "", null, sampling(8, -1)));

        assertThat(generation.choices()).hasSize(8);
        assertThat(generation.choices().stream().map(Choice::text).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void everyChoiceEndsAsTheSamplingSays() {
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(2, 0, false, List.of("."), Set.of(), false, -1);

        Generation generation = echo(100).plan(request("p", "first. second.", 10, sampling));

        assertThat(generation.choices()).hasSize(2).allSatisfy(choice -> {
            assertThat(choice.text()).isEqualTo("first");
            assertThat(choice.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(choice.stopReason()).isEqualTo(".");
        });
    }

    @Test
    void samplesLogprobsForEveryTokenOfEveryChoiceWhenAsked() {
        Generation generation = echo(100).plan(request("p", "one two three", 10, sampling(2, 3)));

        assertThat(generation.choices()).allSatisfy(choice -> {
            assertThat(choice.logprobs()).extracting(TokenLogprob::token).containsExactlyElementsOf(choice.tokens());
            assertThat(choice.logprobs())
                    .allSatisfy(entry -> assertThat(entry.top()).hasSize(3));
        });
    }

    @Test
    void zeroLogprobsStillGivesEachTokensLogprob() {
        Generation generation = echo(100).plan(request("p", "one two", 10, sampling(1, 0)));

        assertThat(generation.first().logprobs())
                .hasSize(2)
                .allSatisfy(entry -> assertThat(entry.top()).isEmpty());
    }

    @Test
    void aStructuredToolCallBecomesTheChoice() {
        ToolCall call = new ToolCall("chatcmpl-tool-1", "get_weather", "{\"city\": \"Paris\"}");

        Generation generation = echo(100).plan(structured(10, 1, GenerationRequest.StructuredAnswer.call(call, false)));

        Choice choice = generation.first();
        assertThat(choice.toolCall()).isEqualTo(call);
        assertThat(choice.text()).isEqualTo(call.arguments());
        assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(choice.stopReason()).isNull();
    }

    @Test
    void structuredJsonBecomesTheContent() {
        Generation generation = echo(100)
                .plan(structured(20, 1, new GenerationRequest.StructuredAnswer(null, "{\"answer\": \"yes\"}")));

        assertThat(generation.first().text()).isEqualTo("{\"answer\": \"yes\"}");
        assertThat(generation.first().toolCall()).isNull();
        assertThat(generation.first().finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void aStructuredAnswerLongerThanTheLimitIsCut() {
        ToolCall call = new ToolCall("id", "f", "{\"a\": 1, \"b\": 2}");

        Generation generation = echo(100).plan(structured(2, 1, GenerationRequest.StructuredAnswer.call(call, false)));

        assertThat(generation.first().tokens()).containsExactly("{", "\"");
        assertThat(generation.first().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(generation.first().toolCall()).isEqualTo(new ToolCall("id", "f", "{\""));
    }

    @Test
    void severalToolCallsFollowEachOtherInTheTokens() {
        ToolCall first = new ToolCall("id1", "f", "{\"a\": 1}");
        ToolCall second = new ToolCall("id2", "g", "{}");

        Generation generation = echo(100)
                .plan(structured(10, 1, new GenerationRequest.StructuredAnswer(List.of(first, second), null, false)));

        Choice choice = generation.first();
        assertThat(choice.toolCalls()).containsExactly(first, second);
        assertThat(choice.text()).isEqualTo("{\"a\": 1}{}");
        assertThat(choice.toolCallStarts()).containsExactly(0, Tokenizer.count(first.arguments()));
        assertThat(choice.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    }

    @Test
    void theLimitCutsTheCallItFallsInAndDropsTheRest() {
        ToolCall first = new ToolCall("id1", "f", "{\"a\": 1}");
        ToolCall second = new ToolCall("id2", "g", "{\"b\": 2}");
        ToolCall third = new ToolCall("id3", "h", "{}");
        int firstTokens = Tokenizer.count(first.arguments());

        Generation generation = echo(100)
                .plan(structured(
                        firstTokens + 2,
                        1,
                        new GenerationRequest.StructuredAnswer(List.of(first, second, third), null, false)));

        Choice choice = generation.first();
        assertThat(choice.toolCalls()).hasSize(2);
        assertThat(choice.toolCalls().get(0)).isEqualTo(first);
        assertThat(choice.toolCalls().get(1)).isEqualTo(new ToolCall("id2", "g", "{\""));
        assertThat(choice.tokens()).hasSize(firstTokens + 2);
        assertThat(choice.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void aStructuredAnswerCutBeforeTheLimitStillEndsForItsLength() {
        ToolCall call = new ToolCall("id", "f", "{\"a\": [1, 2");

        Generation tool = echo(100).plan(structured(50, 1, GenerationRequest.StructuredAnswer.call(call, true)));
        Generation json =
                echo(100).plan(structured(50, 1, new GenerationRequest.StructuredAnswer(null, "[1, 2", true)));

        assertThat(tool.first().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(tool.first().text()).isEqualTo(call.arguments());
        assertThat(json.first().finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(json.first().text()).isEqualTo("[1, 2");
    }

    @Test
    void aChoiceWithoutStructuredAnswerAnswersWithText() {
        ToolCall call = new ToolCall("id", "f", "{}");
        List<GenerationRequest.StructuredAnswer> answers = new ArrayList<>();
        answers.add(GenerationRequest.StructuredAnswer.call(call, false));
        answers.add(null);

        Generation generation =
                echo(100).plan(new GenerationRequest(BASE, "p", 0, "plain words", 10, sampling(2, -1), answers));

        assertThat(generation.choices().get(0).toolCall()).isEqualTo(call);
        assertThat(generation.choices().get(1).toolCall()).isNull();
        assertThat(generation.choices().get(1).text()).isEqualTo("plain words");
        assertThat(generation.choices().get(1).finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void extraPromptTokensCountTowardsThePromptAndTheContext() {
        Generation generation = echo(300)
                .plan(new GenerationRequest(BASE, TEN_TOKENS, 256, "x", 10, GenerationRequest.Sampling.DEFAULT, null));

        assertThat(generation.promptTokens()).isEqualTo(266);
        assertThatThrownBy(() -> echo(300)
                        .plan(new GenerationRequest(
                                BASE, TEN_TOKENS, 256, "x", 40, GenerationRequest.Sampling.DEFAULT, null)))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("max_tokens"));
    }

    @Test
    void mergedPromptsGiveTheirChoicesInTurnReindexed() {
        Generation generation = echo(100)
                .plan(List.of(
                        request("first prompt", "a b", 5, sampling(2, -1)),
                        request("the second prompt", "c d e", 7, sampling(2, -1))));

        assertThat(generation.choices()).extracting(Choice::index).containsExactly(0, 1, 2, 3);
        assertThat(generation.choices()).extracting(Choice::text).containsExactly("a b", "a b", "c d e", "c d e");
        assertThat(generation.promptTokens()).isEqualTo(2 + 3);
        assertThat(generation.maxTokens()).isEqualTo(7);
        assertThat(generation.completionTokens()).isEqualTo(10);
        assertThat(generation.steps()).isEqualTo(3);
    }

    @Test
    void mergedPromptsKeepEachChoicesEndingAndLogprobs() {
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(1, 0, false, List.of("!"), Set.of(), false, 1);

        Generation generation =
                echo(100).plan(List.of(request("p", "x! y", 5, sampling), request("q", "a b c", 2, sampling)));

        assertThat(generation.choices().get(0).stopReason()).isEqualTo("!");
        assertThat(generation.choices().get(1).finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(generation.choices())
                .allSatisfy(choice ->
                        assertThat(choice.logprobs()).hasSize(choice.tokens().size()));
    }

    @Test
    void aSinglePromptListIsPlannedAsThatPrompt() {
        Generation generation = echo(100).plan(List.of(request("one prompt", "x y", 5, sampling(1, -1))));

        assertThat(generation.promptTokens()).isEqualTo(2);
        assertThat(generation.choices())
                .singleElement()
                .extracting(Choice::text)
                .isEqualTo("x y");
    }

    @Test
    void everyMergedPromptMustFitTheContext() {
        Simulator simulator = echo(20);

        assertThatThrownBy(() -> simulator.plan(List.of(
                        request("short", "x", 5, sampling(1, -1)), request(TEN_TOKENS, "x", 11, sampling(1, -1)))))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("max_tokens"));
    }

    @Test
    void refusesAtAdmissionARequestThatCouldNeverFitTheKvCache() {
        Simulator simulator =
                simulator("--mode", "echo", "--max-model-len", "20", "--kv-cache-size", "2", "--block-size", "16");
        Generation generation = simulator.plan(List.of(
                request(TEN_TOKENS, "x", 5, sampling(1, -1)),
                request(TEN_TOKENS, "y", 5, sampling(1, -1)),
                request(TEN_TOKENS, "z", 5, sampling(1, -1)),
                request(TEN_TOKENS, "w", 5, sampling(1, -1))));

        assertThatThrownBy(() -> simulator.admit(generation, 0)).isInstanceOfSatisfying(SimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(e.getMessage()).contains("41 tokens of KV cache", "32 tokens", "never be scheduled");
        });
        assertThat(simulator.scheduler().waiting()).isZero();
        assertThat(simulator.scheduler().running()).isZero();
    }

    @Test
    void admitsARequestThatFillsTheKvCacheExactly() {
        Simulator simulator =
                simulator("--mode", "echo", "--max-model-len", "20", "--kv-cache-size", "2", "--block-size", "16");
        Generation generation = simulator.plan(
                List.of(request(TEN_TOKENS, "x y", 5, sampling(1, -1)), request(TEN_TOKENS, "y", 5, sampling(1, -1))));

        simulator.admit(generation, 0);

        assertThat(simulator.scheduler().running()).isEqualTo(1);
    }

    @Test
    void sharesOneVocabularyAndOneRandomGenerator() {
        Simulator simulator = simulator();

        assertThat(simulator.vocabulary()).isNotNull().isSameAs(simulator.vocabulary());
        assertThat(simulator.random()).isNotNull().isSameAs(simulator.random());
        assertThat(simulator.vocabulary().decode(simulator.vocabulary().encode("Hi there")))
                .isEqualTo("Hi there");
    }

    @Test
    void aTokenIdStopEndsThePlannedAnswer() {
        Simulator simulator = echo(100);
        int two = simulator.vocabulary().id(" two");
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(1, 0, false, List.of(), Set.of(two), false, -1);

        Generation generation = simulator.plan(request("p", "one two three", 10, sampling));

        assertThat(generation.first().text()).isEqualTo("one");
        assertThat(generation.first().stopReason()).isEqualTo(two);
    }

    private static GenerationRequest.Sampling sampling(int n, int logprobs) {
        return new GenerationRequest.Sampling(n, 0, false, List.of(), Set.of(), false, logprobs);
    }

    private static GenerationRequest request(
            String prompt, String echoText, Integer maxTokens, GenerationRequest.Sampling sampling) {
        return new GenerationRequest(BASE, prompt, 0, echoText, maxTokens, sampling, null);
    }

    private static GenerationRequest structured(int maxTokens, int n, GenerationRequest.StructuredAnswer answer) {
        List<GenerationRequest.StructuredAnswer> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            answers.add(answer);
        }
        return new GenerationRequest(BASE, "p", 0, "ignored", maxTokens, sampling(n, -1), answers);
    }

    private static List<String> transcript(Simulator simulator) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(simulator.newId("chatcmpl-"));
            out.add(simulator
                    .plan(new GenerationRequest(BASE, "prompt " + i, "echo", null))
                    .first()
                    .text());
        }
        return out;
    }
}
