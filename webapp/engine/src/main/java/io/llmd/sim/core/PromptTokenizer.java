package io.llmd.sim.core;

import java.util.List;

/**
 * Turns prompts into token ids and back: what {@code usage.prompt_tokens}, the prefix cache's
 * blocks, {@code /tokenize}, {@code /detokenize} and the render endpoints see. The built-in one is
 * the {@link Vocabulary}; a model's own (a Hugging Face {@code tokenizer.json}, {@code --tokenizer})
 * comes from an optional module through {@link Tokenization.Provider}. Answers are made up of the
 * built-in vocabulary's tokens whichever tokenizer reads the prompts.
 */
public interface PromptTokenizer {

    /**
     * The ids of a text.
     *
     * @param addSpecialTokens whether the tokenizer adds its special tokens (a BOS, say) as it does to a
     *                         raw prompt; false for a rendered chat template, which holds them already
     */
    List<Integer> encode(String text, boolean addSpecialTokens);

    /** The ids of a text, as {@link #encode} gives them, in an array. */
    default int[] ids(String text, boolean addSpecialTokens) {
        return encode(text, addSpecialTokens).stream()
                .mapToInt(Integer::intValue)
                .toArray();
    }

    /** The text of a list of ids. */
    String decode(List<Integer> ids);
}
