package io.llmd.sim.core;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextGeneratorTest {

    @Test
    void echoAnswersWithTheGivenText() {
        TextGenerator.Answer answer = new TextGenerator(Mode.ECHO, new SeededRandom(1)).answer("Hi, there.", 10);

        assertThat(answer.tokens()).containsExactly("Hi", ",", " there", ".");
        assertThat(answer.text()).isEqualTo("Hi, there.");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void echoStopsWhenTheAnswerFillsTheLimitExactly() {
        TextGenerator.Answer answer = new TextGenerator(Mode.ECHO, new SeededRandom(1)).answer("a b", 2);

        assertThat(answer.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void cutsAnAnswerLongerThanTheLimit() {
        TextGenerator.Answer answer = new TextGenerator(Mode.ECHO, new SeededRandom(1)).answer("a b c", 2);

        assertThat(answer.tokens()).containsExactly("a", " b");
        assertThat(answer.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void randomAnswerIsOneToSixBankSentences() {
        TextGenerator generator = new TextGenerator(Mode.RANDOM, new SeededRandom(3));

        for (int i = 0; i < 50; i++) {
            String text = generator.answer("ignored", 10_000).text();
            String rest = text;
            int sentences = 0;
            while (!rest.isEmpty()) {
                String current = rest;
                String sentence = SentenceBank.SENTENCES.stream().filter(current::startsWith).findFirst()
                        .orElseThrow(() -> new AssertionError("not made of bank sentences: " + text));
                rest = rest.substring(sentence.length()).stripLeading();
                sentences++;
            }
            assertThat(sentences).isBetween(1, 6);
        }
    }

    @Test
    void randomAnswersRepeatForTheSameSeed() {
        TextGenerator one = new TextGenerator(Mode.RANDOM, new SeededRandom(11));
        TextGenerator two = new TextGenerator(Mode.RANDOM, new SeededRandom(11));

        for (int i = 0; i < 20; i++) {
            assertThat(one.answer("", 50)).isEqualTo(two.answer("", 50));
        }
    }
}
