package io.llmd.sim.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What the simulator reads of a {@code tokenizer_config.json}: the chat template and the special
 * tokens a template refers to ({@code bos_token}, {@code eos_token}), each a string or an added
 * token's object with its {@code content}.
 *
 * @param chatTemplate the template (the one named {@code default} when there are several), or null
 * @param bosToken     the beginning-of-sequence token's text, or the empty string
 * @param eosToken     the end-of-sequence token's text, or the empty string
 */
record TokenizerConfig(@Nullable String chatTemplate, String bosToken, String eosToken) {
    static final TokenizerConfig NONE = new TokenizerConfig(null, "", "");

    /** The configuration beside a tokenizer file, or {@link #NONE} when there is none. */
    static TokenizerConfig besides(Path tokenizerFile) {
        Path dir = tokenizerFile.toAbsolutePath().getParent();
        Path file = dir == null ? null : dir.resolve("tokenizer_config.json");
        if (file == null || !Files.isRegularFile(file)) {
            return NONE;
        }
        JsonNode config;
        try {
            config = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        return new TokenizerConfig(
                template(config.get("chat_template")), token(config, "bos_token"), token(config, "eos_token"));
    }

    private static @Nullable String template(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        // Several named templates: the default one is the chat template.
        for (JsonNode named : node) {
            if ("default".equals(named.path("name").asText())) {
                return named.path("template").asText(null);
            }
        }
        return null;
    }

    private static String token(JsonNode config, String field) {
        JsonNode token = config.get(field);
        if (token == null || token.isNull()) {
            return "";
        }
        return token.isTextual() ? token.textValue() : token.path("content").asText("");
    }
}
