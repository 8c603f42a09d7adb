package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VocabularyTest {
    private final Vocabulary vocabulary = new Vocabulary();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Hello, world!",
                "  leading and trailing  ",
                "tabs\tand\nnew lines\n",
                "unicode: é 😀 日本語",
                "The simulator answers as a loaded model would, without a GPU."
            })
    void decodingTheEncodedIdsGivesTheTextBack(String text) {
        List<Integer> ids = vocabulary.encode(text);

        assertThat(ids).hasSize(Tokenizer.count(text));
        assertThat(vocabulary.decode(ids)).isEqualTo(text);
    }

    @Test
    void eachTokenKeepsItsId() {
        int first = vocabulary.id(" zebra");

        assertThat(vocabulary.id(" zebra")).isEqualTo(first);
        assertThat(vocabulary.token(first)).isEqualTo(" zebra");
        assertThat(vocabulary.encode("a zebra a zebra"))
                .containsExactly(vocabulary.id("a"), first, vocabulary.id(" a"), first);
    }

    @Test
    void newTokensTakeTheNextIds() {
        int one = vocabulary.id("never-seen-1");
        int two = vocabulary.id("never-seen-2");

        assertThat(two).isEqualTo(one + 1);
    }

    @Test
    void sentenceBankTokensHaveTheSameIdsInEveryVocabulary() {
        Vocabulary other = new Vocabulary();
        other.id("a token only the other one saw");

        for (String token : Tokenizer.tokenize(" " + SentenceBank.SENTENCES.get(0))) {
            assertThat(other.id(token)).isEqualTo(vocabulary.id(token));
        }
    }

    @Test
    void sentenceBankTokensComeBeforeAnyNewToken() {
        int newToken = vocabulary.id(" quux");

        assertThat(vocabulary.id(" simulator")).isLessThan(newToken);
        assertThat(vocabulary.id(" GPU")).isLessThan(newToken);
    }

    @Test
    void idsNeverHandedOutDecodeToAPlaceholder() {
        assertThat(vocabulary.token(9_999_999)).isEqualTo(" <9999999>");
        assertThat(vocabulary.token(-1)).isEqualTo(" <-1>");
        assertThat(vocabulary.decode(List.of(vocabulary.id("Hi"), 9_999_999))).isEqualTo("Hi <9999999>");
    }

    @Test
    void sameSequenceOfTextsGetsTheSameIdsInAnotherVocabulary() {
        Vocabulary other = new Vocabulary();

        for (String text : List.of("first words", "second line of words", "first words again")) {
            assertThat(other.encode(text)).isEqualTo(vocabulary.encode(text));
        }
    }

    @Test
    void aLongTokenIsNotLearned() {
        String word = "x".repeat(Vocabulary.MAX_TOKEN_CHARS + 1);

        int id = vocabulary.id(word);

        assertThat(id).isGreaterThanOrEqualTo(Vocabulary.CAPACITY).isEqualTo(vocabulary.id(word));
        assertThat(vocabulary.token(id)).isEqualTo(" <" + id + ">");
    }

    @Test
    void learningStopsAtItsBoundAndKnownTokensKeepTheirIds() {
        int known = vocabulary.id(" known");
        for (int i = 0; i < Vocabulary.MAX_LEARNED; i++) {
            vocabulary.id("w" + i);
        }

        assertThat(vocabulary.id(" one more")).isGreaterThanOrEqualTo(Vocabulary.CAPACITY);
        assertThat(vocabulary.id(" known")).isEqualTo(known);
        assertThat(vocabulary.decode(vocabulary.encode("w7 known"))).isEqualTo("w7 known");
    }
}
