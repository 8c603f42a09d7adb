package io.llmd.sim.core;

import java.util.List;
import java.util.Map;

/**
 * Renders a chat request's messages into the one prompt text the tokenizer reads, as vLLM applies
 * the model's chat template before tokenizing: the roles' markers count as prompt tokens, and a
 * conversation's next turn starts with the text (so the blocks) of the turn before. The built-in
 * one is {@link ChatMlTemplate}; a model's Jinja template ({@code --chat-template}, or the
 * {@code chat_template} of {@code tokenizer_config.json}) comes through {@link Tokenization.Provider}.
 */
public interface ChatTemplate {

    /**
     * The prompt of {@code messages}.
     *
     * @param messages            each message as the template sees it: {@code role}, {@code content} (its text),
     *                            and {@code name} when the message has one
     * @param addGenerationPrompt whether the prompt ends with the opening of the assistant's answer
     * @throws SimException BAD_REQUEST when the template refuses the messages (its {@code raise_exception})
     */
    String render(List<Map<String, Object>> messages, boolean addGenerationPrompt);
}
