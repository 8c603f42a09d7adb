package io.llmd.sim.tokenizer;

import io.llmd.sim.core.ChatTemplate;
import io.llmd.sim.core.PromptTokenizer;
import io.llmd.sim.core.Tokenization;
import io.llmd.sim.core.TokenizerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens {@code --tokenizer} and {@code --chat-template}, as {@link java.util.ServiceLoader} finds
 * it. The chat template is {@code --chat-template}'s, else the tokenizer's {@code tokenizer_config.json}'s,
 * else the built-in one; the tokenizer is {@code --tokenizer}'s, else the built-in one.
 */
public final class HfTokenizationProvider implements Tokenization.Provider {

    @Override
    public Tokenization open(TokenizerOptions options, Tokenization builtIn) {
        Path file = options.tokenizerFile();
        PromptTokenizer tokenizer = file == null ? builtIn.tokenizer() : HfTokenizer.open(file);
        TokenizerConfig config = file == null ? TokenizerConfig.NONE : TokenizerConfig.besides(file);
        String source = options.chatTemplate() != null ? templateText(options.chatTemplate()) : config.chatTemplate();
        ChatTemplate template = source == null
                ? builtIn.chatTemplate()
                : new JinjaChatTemplate(source, config.bosToken(), config.eosToken());
        String description = (file == null ? "built-in tokenizer" : "tokenizer " + file) + ", "
                + (options.chatTemplate() != null
                        ? "chat template of --chat-template"
                        : source != null ? "chat template of tokenizer_config.json" : "built-in ChatML template");
        return new Tokenization(tokenizer, template, description);
    }

    /** {@code --chat-template}: a file's content, or the template itself (vLLM takes both). */
    private static String templateText(String value) {
        Path path;
        try {
            path = Path.of(value);
        } catch (RuntimeException e) {
            return value;
        }
        if (!Files.isRegularFile(path)) {
            return value;
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the chat template " + path, e);
        }
    }
}
