package io.llmd.sim.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.llmd.sim.core.ChatMlTemplate;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Tokenization;
import io.llmd.sim.core.TokenizerOptions;
import io.llmd.sim.core.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizationProviderTest {
    /**
     * A word-level tokenizer with special tokens and a post-processor that puts {@code <s>} first,
     * so that adding special tokens or not shows in the ids.
     */
    static final String TOKENIZER_JSON = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [
               {"id": 0, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 1, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 2, "content": "<|im_start|>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true},
               {"id": 3, "content": "<|im_end|>", "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": true}],
             "normalizer": {"type": "Lowercase"},
             "pre_tokenizer": {"type": "Whitespace"},
             "post_processor": {"type": "TemplateProcessing",
               "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
               "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
               "special_tokens": {"<s>": {"id": "<s>", "ids": [0], "tokens": ["<s>"]}}},
             "decoder": null,
             "model": {"type": "WordLevel", "unk_token": "<unk>",
               "vocab": {"<s>": 0, "<unk>": 1, "<|im_start|>": 2, "<|im_end|>": 3, "hello": 4, "world": 5,
                         "user": 6, "assistant": 7, "system": 8, ",": 9, "!": 10, "again": 11}}}
            """;

    private static final String TEMPLATE = "{{ bos_token }}{% for message in messages %}"
            + "{% if message['role'] == 'tool' %}{{ raise_exception('tools are not supported') }}{% endif %}"
            + "<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
            + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    @TempDir
    Path dir;

    private final Tokenization builtIn = Tokenization.builtIn(new Vocabulary());

    private Path tokenizerFile() throws Exception {
        return Files.writeString(dir.resolve("tokenizer.json"), TOKENIZER_JSON);
    }

    private static List<Integer> direct(Path file, String text, boolean special) throws Exception {
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(file)) {
            return Arrays.stream(tokenizer.encode(text, special, false).getIds())
                    .mapToObj(id -> (int) id)
                    .toList();
        }
    }

    @Test
    void givesTheIdsTheLibraryGivesWithAndWithoutSpecialTokens() throws Exception {
        Path file = tokenizerFile();
        Tokenization opened = new HfTokenizationProvider().open(new TokenizerOptions(file, null), builtIn);
        String text = "Hello, world! <|im_start|>user again";

        assertThat(opened.tokenizer().encode(text, true)).isEqualTo(direct(file, text, true));
        assertThat(opened.tokenizer().encode(text, false)).isEqualTo(direct(file, text, false));
        assertThat(opened.tokenizer().encode(text, true)).containsExactly(0, 4, 9, 5, 10, 2, 6, 11);
        assertThat(opened.tokenizer().ids(text, true)).containsExactly(0, 4, 9, 5, 10, 2, 6, 11);
        assertThat(opened.tokenizer().ids("hello zebra", false)).containsExactly(4, 1);
        assertThat(opened.tokenizer().encode("hello zebra", false)).containsExactly(4, 1);
        // No truncation however long the prompt: vLLM counts every token before checking the context.
        String longText = "hello ".repeat(5_000);
        assertThat(opened.tokenizer().encode(longText, false)).hasSize(5_000);
    }

    @Test
    void decodesIdsToTheirTokens() throws Exception {
        Tokenization opened = new HfTokenizationProvider().open(new TokenizerOptions(tokenizerFile(), null), builtIn);

        assertThat(opened.tokenizer().decode(List.of(4, 5))).isEqualTo("hello world");
    }

    @Test
    void aDirectoryGivesItsTokenizerAndItsConfigsChatTemplate() throws Exception {
        tokenizerFile();
        Files.writeString(
                dir.resolve("tokenizer_config.json"),
                "{\"bos_token\": {\"content\": \"<s>\"}, \"eos_token\": \"<|im_end|>\", \"chat_template\": "
                        + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(TEMPLATE) + "}");
        Tokenization opened = new HfTokenizationProvider().open(new TokenizerOptions(dir, null), builtIn);

        String prompt = opened.chatTemplate().render(List.of(Map.of("role", "user", "content", "Hello again")), true);

        assertThat(prompt).isEqualTo("<s><|im_start|>user\nHello again<|im_end|>\n<|im_start|>assistant\n");
        assertThat(opened.tokenizer().encode(prompt, false)).containsExactly(0, 2, 6, 4, 11, 3, 2, 7);
        assertThat(opened.description()).contains("tokenizer_config.json");
    }

    @Test
    void aTemplatesRaiseExceptionIsABadRequestWithItsMessage() throws Exception {
        Tokenization opened = new HfTokenizationProvider().open(new TokenizerOptions(null, TEMPLATE), builtIn);

        assertThatThrownBy(() -> opened.chatTemplate().render(List.of(Map.of("role", "tool", "content", "x")), true))
                .isInstanceOf(SimException.class)
                .hasMessage("tools are not supported");
        // Only a template was named: prompts are read by the built-in tokenizer still.
        assertThat(opened.tokenizer()).isSameAs(builtIn.tokenizer());
    }

    @Test
    void aTemplateFileIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("t.jinja"), "{% for m in messages %}[{{ m.role }}]{% endfor %}");
        Tokenization opened = new HfTokenizationProvider().open(new TokenizerOptions(null, file.toString()), builtIn);

        assertThat(opened.chatTemplate().render(List.of(Map.of("role", "user", "content", "x")), false))
                .isEqualTo("[user]");
    }

    @Test
    void withoutATemplateTheBuiltInOneRenders() throws Exception {
        Tokenization opened = new HfTokenizationProvider().open(new TokenizerOptions(tokenizerFile(), null), builtIn);

        assertThat(opened.chatTemplate()).isInstanceOf(ChatMlTemplate.class);
    }

    @Test
    void aFileThatIsNoTokenizerIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");

        assertThatThrownBy(() -> new HfTokenizationProvider().open(new TokenizerOptions(file, null), builtIn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokenizer.json");
    }
}
