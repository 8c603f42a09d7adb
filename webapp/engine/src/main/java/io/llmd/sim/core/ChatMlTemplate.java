package io.llmd.sim.core;

import java.util.List;
import java.util.Map;

/**
 * The built-in chat template, in the ChatML shape many models' templates have (Qwen's among them):
 * each message is {@code <|im_start|>ROLE\nCONTENT<|im_end|>\n}, and the generation prompt is
 * {@code <|im_start|>assistant\n}. The built-in tokenizer reads each {@code <|...|>} marker as one
 * token, as a model's tokenizer reads its special tokens.
 */
public final class ChatMlTemplate implements ChatTemplate {
    static final String START = "<|im_start|>";
    static final String END = "<|im_end|>";
    /** The markers, a role and the new lines: what a message adds besides its content, roughly. */
    private static final int MARKUP_PER_MESSAGE = 40;

    @Override
    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt) {
        StringBuilder prompt = new StringBuilder(capacity(messages));
        for (Map<String, Object> message : messages) {
            Object content = message.get("content");
            prompt.append(START)
                    .append(message.get("role"))
                    .append('\n')
                    .append(content == null ? "" : content)
                    .append(END)
                    .append('\n');
        }
        if (addGenerationPrompt) {
            prompt.append(START).append("assistant\n");
        }
        return prompt.toString();
    }

    /** Room for the whole prompt at once: the contents, and the markers and role around each. */
    private static int capacity(List<Map<String, Object>> messages) {
        int capacity = MARKUP_PER_MESSAGE;
        for (Map<String, Object> message : messages) {
            capacity += MARKUP_PER_MESSAGE;
            if (message.get("content") instanceof CharSequence content) {
                capacity += content.length();
            }
        }
        return capacity;
    }
}
