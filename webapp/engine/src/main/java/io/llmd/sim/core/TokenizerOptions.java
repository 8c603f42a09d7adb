package io.llmd.sim.core;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Which tokenizer and chat template read the prompts: vLLM's {@code --tokenizer} (here a local
 * Hugging Face {@code tokenizer.json}, or a directory holding one and, optionally, its
 * {@code tokenizer_config.json}; nothing is downloaded) and {@code --chat-template} (a Jinja file, or
 * the template itself). Neither given: the built-in tokenizer and ChatML template. The tokenizer's
 * section of {@link SimOptions}.
 *
 * @param tokenizer    the tokenizer file or directory, or null for the built-in tokenizer
 * @param chatTemplate a template file or a template's text, or null for the tokenizer's own (else the built-in one)
 */
public record TokenizerOptions(
        @Nullable Path tokenizer, @Nullable String chatTemplate) {
    /** The built-in tokenizer and template. */
    public static final TokenizerOptions BUILT_IN = new TokenizerOptions(null, null);

    /** Whether a module beyond the engine is needed: a tokenizer or a template is named. */
    public boolean custom() {
        return tokenizer != null || chatTemplate != null;
    }

    /** The tokenizer file: {@code tokenizer.json} in the named directory, or the named file. */
    public @Nullable Path tokenizerFile() {
        return tokenizer != null && Files.isDirectory(tokenizer) ? tokenizer.resolve("tokenizer.json") : tokenizer;
    }

    /** The paths must exist: this simulator reads local files and downloads nothing. */
    static void check(ParsedFlags flags) {
        String tokenizer = flags.get(Flag.TOKENIZER);
        if (tokenizer != null) {
            Path path = path(tokenizer);
            Path file = path != null && Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
            if (file == null || !Files.isRegularFile(file)) {
                flags.refuse(
                        Flag.TOKENIZER,
                        "'" + tokenizer + "' is not a tokenizer.json file nor a directory holding one"
                                + " (this simulator reads local files and downloads no tokenizer)");
            }
        }
        String template = flags.get(Flag.CHAT_TEMPLATE);
        if (template != null && !template.contains("{") && !isFile(template)) {
            flags.refuse(Flag.CHAT_TEMPLATE, "'" + template + "' is neither a file nor a Jinja template");
        }
    }

    private static @Nullable Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static boolean isFile(String text) {
        Path path = path(text);
        return path != null && Files.isRegularFile(path);
    }

    static TokenizerOptions from(ParsedFlags flags) {
        String tokenizer = flags.get(Flag.TOKENIZER);
        return new TokenizerOptions(tokenizer == null ? null : Path.of(tokenizer), flags.get(Flag.CHAT_TEMPLATE));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.TOKENIZER.flagName(), tokenizer == null ? Flag.TOKENIZER.defaultText() : tokenizer.toString());
        out.put(
                Flag.CHAT_TEMPLATE.flagName(),
                chatTemplate == null
                        ? Flag.CHAT_TEMPLATE.defaultText()
                        : chatTemplate.contains("{") ? "(inline template)" : chatTemplate);
        return out;
    }
}
