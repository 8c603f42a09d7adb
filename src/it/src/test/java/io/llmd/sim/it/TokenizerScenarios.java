package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --tokenizer DIR}: a Hugging Face {@code tokenizer.json} made here, with the chat template of
 * its {@code tokenizer_config.json}, gives every prompt its ids: {@code /tokenize} (with the BOS its
 * post-processor adds to a raw prompt), the chat render endpoint (the rendered template, tokenized
 * without adding any), {@code usage} and {@code /detokenize}. The tokenizer is word-level, so its ids
 * are those of its vocabulary; that the module gives what the library computes directly is the
 * tokenizer module's own test (the library's native code loads once per JVM, and the WAR's copy
 * runs in this one).
 */
abstract class TokenizerScenarios {
    static final String MODEL = "tokenizer-model";
    static final Path DIR = tokenizerDir();
    static final Map<String, String> SETTINGS = Map.of("model", MODEL, "tokenizer", DIR.toString());

    private static final String TOKEN = "{\"id\": %d, \"content\": \"%s\", \"single_word\": false, \"lstrip\": false,"
            + " \"rstrip\": false, \"normalized\": false, \"special\": true}";

    abstract URI base();

    private static Path tokenizerDir() {
        try {
            Path dir = Files.createTempDirectory("sim-tokenizer");
            dir.toFile().deleteOnExit();
            String json = "{\"version\": \"1.0\", \"truncation\": null, \"padding\": null, \"added_tokens\": ["
                    + String.format(TOKEN, 0, "<s>") + ", " + String.format(TOKEN, 1, "<unk>") + ", "
                    + String.format(TOKEN, 2, "<|im_start|>") + ", " + String.format(TOKEN, 3, "<|im_end|>") + "],"
                    + " \"normalizer\": {\"type\": \"Lowercase\"}, \"pre_tokenizer\": {\"type\": \"Whitespace\"},"
                    + " \"post_processor\": {\"type\": \"TemplateProcessing\","
                    + " \"single\": [{\"SpecialToken\": {\"id\": \"<s>\", \"type_id\": 0}},"
                    + " {\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}],"
                    + " \"pair\": [{\"Sequence\": {\"id\": \"A\", \"type_id\": 0}}, {\"Sequence\": {\"id\": \"B\","
                    + " \"type_id\": 1}}],"
                    + " \"special_tokens\": {\"<s>\": {\"id\": \"<s>\", \"ids\": [0], \"tokens\": [\"<s>\"]}}},"
                    + " \"decoder\": null, \"model\": {\"type\": \"WordLevel\", \"unk_token\": \"<unk>\", \"vocab\":"
                    + " {\"<s>\": 0, \"<unk>\": 1, \"<|im_start|>\": 2, \"<|im_end|>\": 3, \"hello\": 4,"
                    + " \"world\": 5, \"user\": 6, \"assistant\": 7, \"system\": 8, \",\": 9, \"!\": 10,"
                    + " \"again\": 11}}}";
            Files.writeString(dir.resolve("tokenizer.json"), json);
            Files.writeString(
                    dir.resolve("tokenizer_config.json"),
                    "{\"bos_token\": \"<s>\", \"eos_token\": \"<|im_end|>\", \"chat_template\": "
                            + SimClient.quote("{{ bos_token }}{% for message in messages %}<|im_start|>"
                                    + "{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n{% endfor %}"
                                    + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
                            + "}");
            for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
                dir.resolve(file).toFile().deleteOnExit();
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void promptsGetTheIdsOfTheGivenTokenizerAndChatTemplate() {
        SimClient client = new SimClient(base());
        String messages = "[{\"role\":\"user\",\"content\":\"Hello again\"}]";

        JsonNode tokenized =
                client.post("/tokenize", "{\"prompt\":\"Hello, world!\"}").json();
        JsonNode rendered = client.post(
                        "/v1/chat/completions/render", "{\"model\":\"" + MODEL + "\",\"messages\":" + messages + "}")
                .json();
        SimClient.Reply chat =
                client.post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":" + messages + "}");
        JsonNode detokenized = client.post("/detokenize", "{\"tokens\":[4,5]}").json();

        assertThat(tokenized.path("tokens").toString()).isEqualTo("[0,4,9,5,10]");
        // <s> <|im_start|> user hello again <|im_end|> <|im_start|> assistant
        assertThat(rendered.path("token_ids").toString()).isEqualTo("[0,2,6,4,11,3,2,7]");
        assertThat(chat.status()).as(chat.body()).isEqualTo(200);
        assertThat(chat.json().at("/usage/prompt_tokens").asInt()).isEqualTo(8);
        assertThat(detokenized.path("prompt").asText()).isEqualTo("hello world");
    }
}
