package io.llmd.sim.api;

import io.llmd.sim.core.SimException;

import java.util.List;

/**
 * {@code POST /v1/chat/completions}. Fields the simulator does not use (sampling settings and the
 * like) are accepted and ignored, as are unknown fields.
 */
public record ChatCompletionRequest(
        String model,
        List<ChatMessage> messages,
        Boolean stream,
        StreamOptions streamOptions,
        Integer maxTokens,
        Integer maxCompletionTokens,
        Integer n) implements GenerationParams {

    /** Checks what the shape of JSON alone cannot; throws a 400 naming the field. */
    public void validate() {
        if (messages == null || messages.isEmpty()) {
            throw SimException.badRequest("messages must be a non-empty list", "messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage message = messages.get(i);
            if (message == null || message.role() == null || message.role().isBlank()) {
                throw SimException.badRequest("messages[" + i + "].role is required", "messages");
            }
            if (!MessageContent.wellFormed(message.content())) {
                throw SimException.badRequest("messages[" + i + "].content must be a string or a list of content parts",
                        "messages");
            }
        }
        GenerationParams.validateCommon(this);
    }

    /** {@code max_completion_tokens} wins over the older {@code max_tokens}, as in vLLM. */
    @Override
    public Integer effectiveMaxTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    /** All messages' text, as the prompt's token count sees it. */
    public String promptText() {
        StringBuilder text = new StringBuilder();
        for (ChatMessage message : messages) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(message.text());
        }
        return text.toString();
    }

    /** What echo mode answers with: the last user message's text. */
    public String lastUserText() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).text();
            }
        }
        return "";
    }
}
