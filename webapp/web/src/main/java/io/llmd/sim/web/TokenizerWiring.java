package io.llmd.sim.web;

import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Tokenization;
import io.llmd.sim.core.TokenizerOptions;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;

/**
 * Chooses what reads an engine's prompts. A model's tokenizer and chat template live in their own
 * jar (llm-d-inference-sim-tokenizer, with DJL's Hugging Face tokenizers and Jinjava), found through
 * {@link ServiceLoader} only when {@code --tokenizer} or {@code --chat-template} is given: otherwise
 * the built-in tokenizer and template serve, and the jar's libraries are never loaded.
 */
final class TokenizerWiring {
    private TokenizerWiring() {}

    /**
     * What the engine makes of its built-in tokenization.
     *
     * @throws IllegalStateException when a tokenizer or template is named and the jar is not deployed
     */
    static UnaryOperator<Tokenization> of(SimOptions options) {
        TokenizerOptions tokenizer = options.tokenizer();
        if (!tokenizer.custom()) {
            return UnaryOperator.identity();
        }
        Tokenization.Provider provider = ServiceLoader.load(
                        Tokenization.Provider.class, TokenizerWiring.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "--tokenizer or --chat-template is given, but the llm-d-inference-sim-tokenizer jar is not"
                                + " deployed"));
        return builtIn -> provider.open(tokenizer, builtIn);
    }
}
