package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.core.ChatTemplate;
import io.llmd.sim.core.SimException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /tokenize}: a {@code prompt}, or chat {@code messages} counted exactly as a chat
 * request's prompt is, so that the count matches {@code usage.prompt_tokens}.
 */
public record TokenizeRequest(
        String model,
        JsonNode prompt,
        List<ChatMessage> messages,
        @JsonUnwrapped Ignored ignored) {

    /** What vLLM's tokenize requests declare and the simulator does not use: read only for their types. */
    public record Ignored(
            @JsonDeserialize(using = LaxScalars.DefaultedBoolean.class)
            Boolean addSpecialTokens,

            Boolean returnTokenStrs,

            @JsonDeserialize(using = LaxScalars.DefaultedBoolean.class)
            Boolean addGenerationPrompt,

            boolean continueFinalMessage,
            String chatTemplate,
            ObjectNode chatTemplateKwargs) {}

    public void validate() {
        boolean hasPrompt = prompt != null && !prompt.isNull();
        boolean hasMessages = messages != null && !messages.isEmpty();
        if (hasPrompt == hasMessages) {
            throw SimException.badRequest("Either prompt or messages must be given, not both.", "prompt");
        }
        if (hasPrompt && !prompt.isTextual()) {
            throw SimException.badRequest("prompt must be a string.", "prompt");
        }
        if (hasMessages) {
            asChat().validate();
        }
    }

    /** The text the tokenizer counts: the prompt, or the messages rendered by {@code template}. */
    public String text(ChatTemplate template) {
        if (prompt != null && prompt.isTextual()) {
            return prompt.textValue();
        }
        // vLLM's add_generation_prompt of a tokenize request is true unless it says otherwise.
        boolean generationPrompt = ignored == null || !Boolean.FALSE.equals(ignored.addGenerationPrompt());
        return template.render(asChat().templateMessages(), generationPrompt);
    }

    /**
     * Whether the tokenizer adds its special tokens: vLLM's {@code add_special_tokens}, by default
     * for a prompt and not for messages (their template holds them).
     */
    public boolean addSpecialTokens() {
        if (ignored != null && ignored.addSpecialTokens() != null) {
            return ignored.addSpecialTokens();
        }
        return !hasMessages();
    }

    private boolean hasMessages() {
        return messages != null && !messages.isEmpty();
    }

    /** Tokens counted beyond the text (image parts of messages). */
    public int extraTokens() {
        return messages == null || messages.isEmpty() ? 0 : asChat().imageTokens();
    }

    private ChatCompletionRequest asChat() {
        return new ChatCompletionRequest(
                model, messages, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null);
    }

    /** {@code {"count","max_model_len","tokens","token_strs"}}. */
    public record Response(
            int count,
            int maxModelLen,
            List<Integer> tokens,

            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.ALWAYS)
            @Nullable
            List<String> tokenStrs) {}
}
