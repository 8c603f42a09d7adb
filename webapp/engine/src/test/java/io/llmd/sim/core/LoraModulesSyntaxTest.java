package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoraModulesSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\n\t"})
    void readsNoItemFromBlankText(String text) {
        assertThat(LoraModulesSyntax.parse(text)).isEmpty();
    }

    @Test
    void readsNameEqualsPathItemsSeparatedByWhitespace() {
        assertThat(LoraModulesSyntax.parse(" a=/x\tb=/y\n"))
                .containsExactly(new LoraModule("a", "/x"), new LoraModule("b", "/y"));
    }

    @Test
    void splitsAPairAtTheFirstEqualsSign() {
        assertThat(LoraModulesSyntax.parse("a=/x=y")).containsExactly(new LoraModule("a", "/x=y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "=/x", "a="})
    void refusesAPairWithoutNameOrPath(String item) {
        assertThatThrownBy(() -> LoraModulesSyntax.parse("ok=/ok " + item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + item + "' is not name=path");
    }

    @Test
    void readsAJsonItemIgnoringOtherFields() {
        assertThat(LoraModulesSyntax.parse("{\"name\":\"a\",\"base_model_name\":\"m\",\"path\":\"/p\",\"extra\":null}"))
                .containsExactly(new LoraModule("a", "/p"));
    }

    @Test
    void readsAJsonItemWithSpacesInside() {
        assertThat(LoraModulesSyntax.parse("{ \"name\" : \"a\" ,\n \"path\" : \"/p q\" }"))
                .containsExactly(new LoraModule("a", "/p q"));
    }

    @Test
    void decodesJsonEscapes() {
        assertThat(LoraModulesSyntax.parse("{\"name\":\"a\\\"b\",\"path\":\"C:\\\\dir\\u0041\\n\"}"))
                .containsExactly(new LoraModule("a\"b", "C:\\dirA\n"));
    }

    @Test
    void readsJsonAndPairItemsTogetherInOrder() {
        assertThat(LoraModulesSyntax.parse("a=/a {\"name\":\"b\",\"path\":\"/b\"} c=/c"))
                .containsExactly(new LoraModule("a", "/a"), new LoraModule("b", "/b"), new LoraModule("c", "/c"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{}", "{\"path\":\"/p\"}", "{\"name\":\"\",\"path\":\"/p\"}", "{\"name\":null,\"path\":\"/p\"}"})
    void refusesAJsonItemWithoutName(String item) {
        assertThatThrownBy(() -> LoraModulesSyntax.parse(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a JSON item needs \"name\"");
    }

    /** The Go simulator's items often name the adapter only; its name then stands for its path. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"a\"}", "{\"name\":\"a\",\"path\":null}", "{\"name\":\"a\",\"path\":\"\"}"})
    void aJsonItemWithoutPathIsFoundByItsName(String item) {
        assertThat(LoraModulesSyntax.parse(item)).containsExactly(new LoraModule("a", "a"));
    }

    @Test
    void refusesAnUnclosedJsonItem() {
        assertThatThrownBy(() -> LoraModulesSyntax.parse("{\"name\":\"a\",\"path\":\"/p\""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bad JSON item at character 24: '}' is expected");
    }

    @Test
    void refusesAnUnterminatedJsonString() {
        assertThatThrownBy(() -> LoraModulesSyntax.parse("{\"name\":\"a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a string is not closed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"name\":\"a\",\"path\":\"/p\",\"rank\":8}",
                "{\"name\":\"a\",\"path\":\"/p\",}",
                "{\"name\" \"a\"}",
                "{name:\"a\"}",
                "{\"name\":\"\\u12"
            })
    void refusesJsonItThatIsNotAFlatObjectOfStrings(String item) {
        assertThatThrownBy(() -> LoraModulesSyntax.parse(item))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad JSON item at character ");
    }

    @Test
    void refusesAUnicodeEscapeThatIsNotHex() {
        assertThatThrownBy(() -> LoraModulesSyntax.parse("{\"name\":\"\\uZZZZ\",\"path\":\"/p\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("bad JSON item at character ");
        assertThatThrownBy(() -> LoraModulesSyntax.parse("{\"name\":\"\\u+1AB\",\"path\":\"/p\"}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesItemsNotSeparatedByWhiteSpace() {
        assertThatThrownBy(() -> LoraModulesSyntax.parse("{\"name\":\"a\",\"path\":\"/p\"}b=/q"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("white space");
    }
}
