package io.llmd.sim.core;

/**
 * How an engine reads prompts: its tokenizer and its chat template, chosen once at start.
 *
 * @param tokenizer    prompts to ids and back
 * @param chatTemplate chat messages to one prompt
 * @param description  what they are, for the start-up log
 */
public record Tokenization(PromptTokenizer tokenizer, ChatTemplate chatTemplate, String description) {

    /** The built-in tokenizer (ids of {@code vocabulary}) with the built-in ChatML template. */
    public static Tokenization builtIn(Vocabulary vocabulary) {
        return new Tokenization(vocabulary, new ChatMlTemplate(), "built-in tokenizer, built-in ChatML template");
    }

    /**
     * Opens a model's tokenizer and chat template ({@code --tokenizer}, {@code --chat-template}); the
     * web layer finds one with {@link java.util.ServiceLoader}, so that the module with the Hugging
     * Face tokenizers and the Jinja engine (and their libraries) may be left out of a deployment.
     */
    public interface Provider {
        /**
         * Opens what {@code options} name.
         *
         * @param options what to open
         * @param builtIn the built-in tokenization, whose parts are used where the options name none
         * @throws IllegalArgumentException when a file cannot be read as a tokenizer or a template
         */
        Tokenization open(TokenizerOptions options, Tokenization builtIn);
    }
}
