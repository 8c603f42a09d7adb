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

    @Override
    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt) {
        StringBuilder prompt = new StringBuilder();
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
}
