package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vLLM's --tokenizer and --chat-template, read into the tokenizer's section. */
class TokenizerOptionsTest {
    @TempDir
    Path dir;

    private static TokenizerOptions parse(Map<Flag, String> values) {
        return SimOptions.builder().model("m").set(values).build().tokenizer();
    }

    @Test
    void neitherGivenIsTheBuiltInTokenization() {
        TokenizerOptions options = parse(Map.of());

        assertThat(options.custom()).isFalse();
        assertThat(options).isEqualTo(TokenizerOptions.BUILT_IN);
    }

    @Test
    void aDirectoryStandsForItsTokenizerJson() throws Exception {
        Files.writeString(dir.resolve("tokenizer.json"), "{}");

        TokenizerOptions options = parse(Map.of(Flag.TOKENIZER, dir.toString()));

        assertThat(options.custom()).isTrue();
        assertThat(options.tokenizerFile()).isEqualTo(dir.resolve("tokenizer.json"));
    }

    @Test
    void aTemplateIsAFileOrTheTemplateItself() throws Exception {
        Path file = Files.writeString(dir.resolve("chat.jinja"), "{{ messages }}");

        assertThat(parse(Map.of(Flag.CHAT_TEMPLATE, file.toString())).chatTemplate())
                .isEqualTo(file.toString());
        assertThat(parse(Map.of(Flag.CHAT_TEMPLATE, "{% for m in messages %}{% endfor %}"))
                        .custom())
                .isTrue();
    }

    @Test
    void aTokenizerOrTemplateThatIsNotThereIsRefusedAtStart() {
        assertThatThrownBy(() -> parse(Map.of(
                        Flag.TOKENIZER, dir.resolve("absent").toString(), Flag.CHAT_TEMPLATE, "meta-llama/template")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--tokenizer")
                .hasMessageContaining("downloads no tokenizer")
                .hasMessageContaining("--chat-template");
        // A model name, as vLLM takes it, names no local file: nothing is downloaded here.
        assertThatThrownBy(() -> parse(Map.of(Flag.TOKENIZER, "Qwen/Qwen2.5-0.5B-Instruct")))
                .isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse(Map.of(Flag.TOKENIZER, dir.toString())))
                .as("a directory without tokenizer.json")
                .isInstanceOf(ConfigException.class);
    }
}
