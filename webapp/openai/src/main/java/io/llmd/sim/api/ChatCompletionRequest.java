package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.ChatMlTemplate;
import io.llmd.sim.core.ChatTemplate;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.ToolCallOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /v1/chat/completions}. Fields the simulator does not use (sampling settings and the
 * like) are read only for their types ({@link IgnoredParams}); unknown fields are ignored.
 */
public record ChatCompletionRequest(
        @Nullable String model,
        @Nullable List<ChatMessage> messages,
        @Nullable Boolean stream,
        @Nullable StreamOptions streamOptions,
        @Nullable Integer maxTokens,
        @Nullable Integer maxCompletionTokens,
        @Nullable Integer n,
        @Nullable Boolean logprobs,
        @Nullable Integer topLogprobs,
        @Nullable Boolean ignoreEos,
        @Nullable Integer minTokens,
        @Nullable JsonNode stop,
        @Nullable List<Integer> stopTokenIds,
        @Nullable Boolean includeStopStrInOutput,
        @Nullable JsonNode tools,
        @Nullable JsonNode toolChoice,
        @Nullable JsonNode responseFormat,
        @Nullable JsonNode kvTransferParams,
        @Nullable Double cacheHitThreshold,
        @JsonUnwrapped @Nullable IgnoredParams ignored,
        @JsonUnwrapped IgnoredParams.@Nullable Chat chatIgnored)
        implements GenerationParams {

    private static final ChatTemplate BUILT_IN_TEMPLATE = new ChatMlTemplate();

    /** Tokens an image part counts for. */
    static final int IMAGE_TOKENS = 256;

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
                throw SimException.badRequest(
                        "messages[" + i + "].content must be a string or a list of content parts", "messages");
            }
        }
        GenerationParams.validateCommon(this);
        if (topLogprobs != null && (topLogprobs < 0 || topLogprobs > MAX_LOGPROBS)) {
            throw SimException.badRequest(
                    "top_logprobs must be between 0 and " + MAX_LOGPROBS + ", got " + topLogprobs + ".",
                    "top_logprobs");
        }
        if (topLogprobs != null && topLogprobs > 0 && !Boolean.TRUE.equals(logprobs)) {
            throw SimException.badRequest("when using `top_logprobs`, `logprobs` must be set to true.", "top_logprobs");
        }
        Tools.validate(tools, toolChoice);
        StructuredOutput.validate(responseFormat);
    }

    /** {@code max_completion_tokens} wins over the older {@code max_tokens}, as in vLLM. */
    @Override
    public @Nullable Integer effectiveMaxTokens() {
        return maxCompletionTokens != null ? maxCompletionTokens : maxTokens;
    }

    @Override
    public int logprobCount() {
        return Boolean.TRUE.equals(logprobs) ? (topLogprobs == null ? 0 : topLogprobs) : -1;
    }

    /** The prompt: the messages rendered by the built-in ChatML template. */
    public String promptText() {
        return promptText(BUILT_IN_TEMPLATE);
    }

    /**
     * The prompt: the messages rendered by {@code template}, as vLLM renders them before it
     * tokenizes, so that the template's markers count as prompt tokens.
     */
    public String promptText(ChatTemplate template) {
        return template.render(templateMessages(), addGenerationPrompt());
    }

    /** Each message as a chat template sees it: its role, its content's text, and its name when it has one. */
    List<Map<String, Object>> templateMessages() {
        List<Map<String, Object>> out = new ArrayList<>(messageList().size());
        for (ChatMessage message : messageList()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("role", message.role());
            item.put("content", message.text());
            if (message.name() != null) {
                item.put("name", message.name());
            }
            out.add(item);
        }
        return out;
    }

    /** vLLM's {@code add_generation_prompt}: the prompt ends with the assistant's opening, unless the request says not to. */
    public boolean addGenerationPrompt() {
        return chatIgnored == null || !Boolean.FALSE.equals(chatIgnored.addGenerationPrompt());
    }

    /** Prompt tokens beyond the text: a fixed count per image part. */
    public int imageTokens() {
        int images = 0;
        for (ChatMessage message : messageList()) {
            images += MessageContent.imageParts(message.content());
        }
        return images * IMAGE_TOKENS;
    }

    /**
     * The structured answer of each choice, decided now through the seeded generator: a tool call
     * (when the tools and tool_choice call for one) or JSON content (when response_format asks
     * for it); null when every choice is plain text. Each answer is made up to the request's token
     * limit and no further (the context when max_tokens is absent), and cut there.
     *
     * @param maxModelLen the model's context: no schema's smallest value may be longer
     * @throws SimException BAD_REQUEST naming tools or response_format when no answer can be made from a schema
     */
    public @Nullable List<GenerationRequest.StructuredAnswer> structuredAnswers(SeededRandom random, int maxModelLen) {
        return structuredAnswers(random, maxModelLen, ToolCallOptions.DEFAULTS);
    }

    /**
     * The structured answer of each choice, with tool calls shaped by {@code toolCalls} (the
     * simulator's {@code --*-tool-call-*} flags).
     */
    public @Nullable List<GenerationRequest.StructuredAnswer> structuredAnswers(
            SeededRandom random, int maxModelLen, ToolCallOptions toolCalls) {
        boolean json = responseFormat != null
                && !"text".equals(responseFormat.path("type").asText("text"));
        if ((tools == null || tools.isNull() || tools.isEmpty()) && !json) {
            return null;
        }
        Integer requested = effectiveMaxTokens();
        int budget = requested == null ? maxModelLen : Math.max(1, Math.min(requested, maxModelLen));
        Tools callable = Tools.of(tools, toolChoice, maxModelLen, toolCalls);
        StructuredOutput output = StructuredOutput.of(responseFormat, maxModelLen);
        List<GenerationRequest.StructuredAnswer> answers = new ArrayList<>();
        for (int i = 0; i < choices(); i++) {
            GenerationRequest.StructuredAnswer call =
                    callable == null ? null : callable.decide(random, budget, parallelToolCalls());
            answers.add(call != null || output == null ? call : output.answer(random, budget));
        }
        return answers;
    }

    /** {@code parallel_tool_calls}: true unless the client says false, as in vLLM. */
    public boolean parallelToolCalls() {
        return chatIgnored == null || !Boolean.FALSE.equals(chatIgnored.parallelToolCalls());
    }

    /** What echo mode answers with: the last user message's text. */
    public String lastUserText() {
        List<ChatMessage> messages = messageList();
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).role())) {
                return messages.get(i).text();
            }
        }
        return "";
    }

    /** The messages, none when absent ({@link #validate()} refuses a request without any). */
    private List<ChatMessage> messageList() {
        return messages == null ? List.of() : messages;
    }
}
