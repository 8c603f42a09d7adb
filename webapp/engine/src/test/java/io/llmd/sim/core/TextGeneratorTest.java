package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextGeneratorTest {
    private final Vocabulary vocabulary = new Vocabulary();
    private final TextGenerator echo = new TextGenerator(Mode.ECHO, new SeededRandom(1), vocabulary);

    private static GenerationRequest.Sampling stop(String... stops) {
        return new GenerationRequest.Sampling(1, 0, false, List.of(stops), Set.of(), false, -1);
    }

    private static GenerationRequest.Sampling stopIncluded(String... stops) {
        return new GenerationRequest.Sampling(1, 0, false, List.of(stops), Set.of(), true, -1);
    }

    private static GenerationRequest.Sampling stopTokens(Integer... ids) {
        return new GenerationRequest.Sampling(1, 0, false, List.of(), Set.of(ids), false, -1);
    }

    private static GenerationRequest.Sampling minTokens(int minTokens) {
        return new GenerationRequest.Sampling(1, minTokens, false, List.of(), Set.of(), false, -1);
    }

    private static GenerationRequest.Sampling ignoreEos() {
        return new GenerationRequest.Sampling(1, 0, true, List.of(), Set.of(), false, -1);
    }

    @Test
    void echoAnswersWithTheGivenText() {
        TextGenerator.Answer answer = echo.answer("Hi, there.", 10);

        assertThat(answer.tokens()).containsExactly("Hi", ",", " there", ".");
        assertThat(answer.text()).isEqualTo("Hi, there.");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.stopReason()).isNull();
    }

    @Test
    void echoStopsWhenTheAnswerFillsTheLimitExactly() {
        TextGenerator.Answer answer = echo.answer("a b", 2);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void cutsAnAnswerLongerThanTheLimit() {
        TextGenerator.Answer answer = echo.answer("a b c", 2);

        assertThat(answer.tokens()).containsExactly("a", " b");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answer.stopReason()).isNull();
    }

    @Test
    void randomAnswerIsOneToSixBankSentences() {
        TextGenerator generator = new TextGenerator(Mode.RANDOM, new SeededRandom(3), vocabulary);

        for (int i = 0; i < 50; i++) {
            assertThat(sentenceCount(generator.answer("ignored", 10_000).text()))
                    .isBetween(1, 6);
        }
    }

    @Test
    void randomAnswersRepeatForTheSameSeed() {
        TextGenerator one = new TextGenerator(Mode.RANDOM, new SeededRandom(11), new Vocabulary());
        TextGenerator two = new TextGenerator(Mode.RANDOM, new SeededRandom(11), new Vocabulary());

        for (int i = 0; i < 20; i++) {
            assertThat(one.answer("", 50)).isEqualTo(two.answer("", 50));
        }
    }

    @Test
    void defaultSamplingAnswersAsTheTwoArgumentForm() {
        TextGenerator one = new TextGenerator(Mode.RANDOM, new SeededRandom(5), new Vocabulary());
        TextGenerator two = new TextGenerator(Mode.RANDOM, new SeededRandom(5), new Vocabulary());

        assertThat(one.answer("", 40, GenerationRequest.Sampling.DEFAULT)).isEqualTo(two.answer("", 40));
    }

    @Test
    void stopStringEndsTheAnswerBeforeItsFirstOccurrence() {
        TextGenerator.Answer answer = echo.answer("one two. three. four", 20, stop("."));

        assertThat(answer.text()).isEqualTo("one two");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.stopReason()).isEqualTo(".");
    }

    @Test
    void includeStopStringKeepsTheStopStringInTheAnswer() {
        TextGenerator.Answer answer = echo.answer("one two. three. four", 20, stopIncluded("."));

        assertThat(answer.text()).isEqualTo("one two.");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.stopReason()).isEqualTo(".");
    }

    @Test
    void earliestOfSeveralStopStringsEndsTheAnswer() {
        TextGenerator.Answer answer = echo.answer("alpha beta gamma delta", 20, stop("delta", "beta", "gamma"));

        assertThat(answer.text()).isEqualTo("alpha ");
        assertThat(answer.stopReason()).isEqualTo("beta");
    }

    @Test
    void stopStringMayEndInsideAToken() {
        TextGenerator.Answer answer = echo.answer("Hello world", 20, stop("llo"));

        assertThat(answer.text()).isEqualTo("He");
        assertThat(answer.stopReason()).isEqualTo("llo");
    }

    @Test
    void stopStringMaySpanSeveralTokens() {
        TextGenerator.Answer answer = echo.answer("a b c d e", 20, stopIncluded("b c"));

        assertThat(answer.text()).isEqualTo("a b c");
        assertThat(answer.tokens()).containsExactly("a", " b", " c");
        assertThat(answer.stopReason()).isEqualTo("b c");
    }

    @Test
    void absentStopStringLeavesTheAnswerWhole() {
        TextGenerator.Answer answer = echo.answer("a b c", 20, stop("zzz", ""));

        assertThat(answer.text()).isEqualTo("a b c");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.stopReason()).isNull();
    }

    @Test
    void stopStringBeyondTheLimitDoesNotEndTheAnswer() {
        TextGenerator.Answer answer = echo.answer("a b c d", 2, stop("d"));

        assertThat(answer.tokens()).containsExactly("a", " b");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answer.stopReason()).isNull();
    }

    @Test
    void stopStringWithinMinTokensIsPassedOver() {
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(1, 2, false, List.of("."), Set.of(), false, -1);

        TextGenerator.Answer answer = echo.answer("a. b. c.", 20, sampling);

        assertThat(answer.text()).isEqualTo("a. b");
        assertThat(answer.stopReason()).isEqualTo(".");
    }

    @Test
    void stopTokenIdEndsTheAnswerBeforeThatToken() {
        int two = vocabulary.id(" two");

        TextGenerator.Answer answer = echo.answer("one two three", 20, stopTokens(two));

        assertThat(answer.tokens()).containsExactly("one");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.stopReason()).isEqualTo(two);
    }

    @Test
    void stopTokenIdWithinMinTokensIsPassedOver() {
        int b = vocabulary.id(" b");
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(1, 2, false, List.of(), Set.of(b), false, -1);

        TextGenerator.Answer answer = echo.answer("a b a b", 20, sampling);

        assertThat(answer.tokens()).containsExactly("a", " b", " a");
        assertThat(answer.stopReason()).isEqualTo(b);
    }

    @Test
    void stopTokenIdBeyondTheLimitDoesNotEndTheAnswer() {
        TextGenerator.Answer answer = echo.answer("a b c", 2, stopTokens(vocabulary.id(" c")));

        assertThat(answer.tokens()).containsExactly("a", " b");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
        assertThat(answer.stopReason()).isNull();
    }

    @Test
    void whicheverStopComesFirstEndsTheAnswer() {
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(1, 0, false, List.of("."), Set.of(vocabulary.id(" c")), false, -1);

        TextGenerator.Answer answer = echo.answer("a. b c d", 20, sampling);

        assertThat(answer.text()).isEqualTo("a");
        assertThat(answer.stopReason()).isEqualTo(".");
    }

    @Test
    void aStopTokenBeforeAStopStringEndsTheAnswer() {
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(1, 0, false, List.of("."), Set.of(vocabulary.id(" b")), false, -1);

        TextGenerator.Answer answer = echo.answer("a b. c", 20, sampling);

        assertThat(answer.text()).isEqualTo("a");
        assertThat(answer.stopReason()).isEqualTo(vocabulary.id(" b"));
    }

    @Test
    void ignoreEosRepeatsTheEchoUpToMaxTokens() {
        TextGenerator.Answer answer = echo.answer("a b", 5, ignoreEos());

        assertThat(answer.tokens()).containsExactly("a", " b", " a", " b", " a");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void ignoreEosEndsWithLengthEvenWhenTheTextFillsTheLimitExactly() {
        TextGenerator.Answer answer = echo.answer("a b", 2, ignoreEos());

        assertThat(answer.tokens()).containsExactly("a", " b");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void ignoreEosRunsARandomAnswerToMaxTokens() {
        TextGenerator generator = new TextGenerator(Mode.RANDOM, new SeededRandom(8), vocabulary);

        TextGenerator.Answer answer = generator.answer("", 500, ignoreEos());

        assertThat(answer.tokens()).hasSize(500);
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void ignoreEosStillEndsAtAStopString() {
        GenerationRequest.Sampling sampling =
                new GenerationRequest.Sampling(1, 0, true, List.of("!"), Set.of(), false, -1);

        TextGenerator.Answer answer = echo.answer("a b! c", 10, sampling);

        assertThat(answer.text()).isEqualTo("a b");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(answer.stopReason()).isEqualTo("!");
    }

    @Test
    void minTokensRepeatsAShortEcho() {
        TextGenerator.Answer answer = echo.answer("a b", 10, minTokens(3));

        assertThat(answer.text()).isEqualTo("a b a b");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void minTokensLeavesALongEnoughEchoAlone() {
        assertThat(echo.answer("a b c", 10, minTokens(3)).text()).isEqualTo("a b c");
    }

    @Test
    void minTokensDrawsMoreBankSentencesInRandomMode() {
        TextGenerator generator = new TextGenerator(Mode.RANDOM, new SeededRandom(4), vocabulary);

        for (int i = 0; i < 20; i++) {
            TextGenerator.Answer answer = generator.answer("", 10_000, minTokens(200));

            assertThat(answer.tokens().size()).isGreaterThanOrEqualTo(200);
            assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(sentenceCount(answer.text())).isPositive();
        }
    }

    @Test
    void minTokensNeverPushesTheAnswerPastMaxTokens() {
        TextGenerator.Answer answer = echo.answer("a b", 3, minTokens(5));

        assertThat(answer.tokens()).containsExactly("a", " b", " a");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void emptyEchoStaysEmptyWhateverMinTokensAsks() {
        TextGenerator.Answer answer = echo.answer("", 10, minTokens(3));

        assertThat(answer.tokens()).isEmpty();
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void structuredTextEndsWithItsNaturalReasonWhenItFits() {
        TextGenerator.Answer answer = TextGenerator.structured("{\"city\": \"Paris\"}", 100, FinishReason.TOOL_CALLS);

        assertThat(answer.text()).isEqualTo("{\"city\": \"Paris\"}");
        assertThat(answer.tokens()).isEqualTo(Tokenizer.tokenize("{\"city\": \"Paris\"}"));
        assertThat(answer.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(answer.stopReason()).isNull();
    }

    @Test
    void structuredTextIsCutAtTheLimit() {
        TextGenerator.Answer answer = TextGenerator.structured("{\"city\": \"Paris\"}", 3, FinishReason.STOP);

        assertThat(answer.tokens()).containsExactly("{", "\"", "city");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    /** How many bank sentences a text is made of; fails when it is not made of them. */
    private static int sentenceCount(String text) {
        String rest = text;
        int sentences = 0;
        while (!rest.isEmpty()) {
            String current = rest;
            String sentence = SentenceBank.SENTENCES.stream()
                    .filter(current::startsWith)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("not made of bank sentences: " + text));
            rest = rest.substring(sentence.length()).stripLeading();
            sentences++;
        }
        return sentences;
    }
}
