package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenizerTest {
    @Test
    void aSpecialTokenMarkerIsOneToken() {
        assertThat(Tokenizer.tokenize("<|im_start|>user\nhi<|im_end|> <|eot_id|>"))
                .containsExactly("<|im_start|>", "user", "\nhi", "<|im_end|>", " <|eot_id|>");
        assertThat(Tokenizer.count("<|begin_of_text|>")).isEqualTo(1);
    }

    @Test
    void whatOnlyLooksLikeAMarkerIsReadAsUsual() {
        assertThat(Tokenizer.tokenize("<|a b|>")).containsExactly("<", "|", "a", " b", "|", ">");
        assertThat(Tokenizer.tokenize("<||>")).containsExactly("<", "|", "|", ">");
        assertThat(Tokenizer.tokenize("<|open")).containsExactly("<", "|", "open");
        assertThat(Tokenizer.tokenize("<|" + "x".repeat(60) + "|>")).hasSize(5);
    }

    @Test
    void aLimitKeepsTheFirstTokens() {
        assertThat(Tokenizer.tokenize("Hello big  world", 2)).containsExactly("Hello", " big");
        assertThat(Tokenizer.tokenize("Hello big", 5)).containsExactly("Hello", " big");
        assertThat(Tokenizer.tokenize("Hello", 0)).isEmpty();
    }

    @Test
    void attachesWhitespaceBeforeAWordToThatWord() {
        assertThat(Tokenizer.tokenize("Hello big  world")).containsExactly("Hello", " big", "  world");
    }

    @Test
    void keepsARunOfLettersAndDigitsTogether() {
        assertThat(Tokenizer.tokenize("abc123 x9")).containsExactly("abc123", " x9");
    }

    @Test
    void makesEachOtherCharacterItsOwnToken() {
        assertThat(Tokenizer.tokenize("Hi, you?!")).containsExactly("Hi", ",", " you", "?", "!");
    }

    @Test
    void attachesWhitespaceBeforePunctuationToThePunctuation() {
        assertThat(Tokenizer.tokenize("a .\tb")).containsExactly("a", " .", "\tb");
    }

    @Test
    void makesTrailingWhitespaceATokenOfItsOwn() {
        assertThat(Tokenizer.tokenize("done \n ")).containsExactly("done", " \n ");
    }

    @Test
    void givesNoTokenForEmptyText() {
        assertThat(Tokenizer.tokenize("")).isEmpty();
        assertThat(Tokenizer.count("")).isZero();
    }

    @Test
    void makesWhitespaceOnlyTextOneToken() {
        assertThat(Tokenizer.tokenize("  \n\t")).containsExactly("  \n\t");
    }

    @Test
    void treatsNonAsciiLettersAsWordCharacters() {
        assertThat(Tokenizer.tokenize("héllo wörld 日本語")).containsExactly("héllo", " wörld", " 日本語");
    }

    @Test
    void neverSplitsASurrogatePair() {
        assertThat(Tokenizer.tokenize("ok 😀😀!")).containsExactly("ok", " 😀", "😀", "!");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "a",
                "Hello, world!",
                "  leading and trailing  ",
                "tab\tnew\nline\r\n",
                "quotes \"and\" back\\slash",
                "emoji 😀 and é",
                "x=1; y = 2.5e-3",
                "\u00a0non-breaking\u00a0space"
            })
    void concatenatingTheTokensGivesBackTheText(String text) {
        assertThat(String.join("", Tokenizer.tokenize(text))).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "a",
                "Hello, world!",
                "  leading and trailing  ",
                "tab\tnew\nline\r\n",
                "emoji 😀 and é",
                "x=1; y = 2.5e-3"
            })
    void countsAsManyTokensAsItProduces(String text) {
        assertThat(Tokenizer.count(text)).isEqualTo(Tokenizer.tokenize(text).size());
    }
}
