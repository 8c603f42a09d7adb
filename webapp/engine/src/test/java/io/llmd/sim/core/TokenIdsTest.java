package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenIdsTest {

    @Test
    void aSpanIsFoundAsTheStringItSpells() {
        TokenIds ids = new TokenIds();
        ids.put(" world", 7);
        String text = "hello world, world";

        assertThat(ids.get(text, 5, 11)).isEqualTo(7);
        assertThat(ids.get(text, 12, 18)).isEqualTo(7);
        assertThat(ids.get(text, 5, 10)).isEqualTo(TokenIds.ABSENT);
        assertThat(ids.get(text, 0, 5)).isEqualTo(TokenIds.ABSENT);
    }

    @Test
    void aSpansHashIsItsStringsHash() {
        String text = "unicode: é 😀 日本語 and more";

        for (int start = 0; start < text.length(); start++) {
            for (int end = start; end <= text.length(); end++) {
                assertThat(TokenIds.hash(text, start, end))
                        .isEqualTo(text.substring(start, end).hashCode());
            }
        }
    }

    @Test
    void everyTokenStaysFoundAsTheTableGrows() {
        TokenIds ids = new TokenIds();
        for (int i = 0; i < 20_000; i++) {
            ids.put("token" + i, i);
        }

        for (int i = 0; i < 20_000; i++) {
            String text = " token" + i + " ";
            assertThat(ids.get(text, 1, text.length() - 1)).isEqualTo(i);
        }
        assertThat(ids.get("token20000", 0, 10)).isEqualTo(TokenIds.ABSENT);
    }
}
