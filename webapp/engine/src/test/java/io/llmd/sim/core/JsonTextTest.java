package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    @Test
    void readsObjectsArraysAndScalarsInOrder() {
        assertThat(JsonText.parse(" {\"b\":[1,2.5,true,null],\"a\":\"x\\u00e9\\n\"} "))
                .isEqualTo(Map.of(
                        "b",
                        java.util.Arrays.asList(new BigDecimal("1"), new BigDecimal("2.5"), true, null),
                        "a",
                        "x\u00e9\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\u+1AB\"", "\"\\u-001\"", "\"\\u\u0661\u0662\u0663\u0664\"", "\"\\u12\"", "\"\\u12"})
    void aUnicodeEscapeTakesFourAsciiHexDigitsOnly(String text) {
        assertThatThrownBy(() -> JsonText.parse(text))
                .isInstanceOf(JsonText.Malformed.class)
                .hasMessageContaining("four hex digits");
    }

    @Test
    void aValueAtAPositionEndsWhereItsTextEnds() {
        String text = "a {\"name\":\"x\"} b";
        JsonText.Leading leading = JsonText.parseAt(text, 2);

        assertThat(leading.value()).isEqualTo(Map.of("name", "x"));
        assertThat(text.substring(leading.end())).isEqualTo(" b");
    }

    @Test
    void saysWhereTheTextStopsBeingJson() {
        assertThatThrownBy(() -> JsonText.parse("[1, 2")).isInstanceOfSatisfying(JsonText.Malformed.class, e -> {
            assertThat(e.character()).isEqualTo(6);
            assertThat(e).hasMessageStartingWith("is not valid JSON at character 6: ");
        });
        assertThat(JsonText.show(List.of("q\"", Map.of("k", 1)))).isEqualTo("[\"q\\\"\",{\"k\":1}]");
    }
}
