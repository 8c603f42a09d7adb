package io.llmd.sim.core;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the core needs to know of a chat or completion request, decoded from the wire.
 *
 * @param target        the model or adapter it names
 * @param promptText    the prompt's text, as the tokenizer counts it
 * @param extraPromptTokens prompt tokens beyond the text's (images, token-id prompts)
 * @param echoText      what echo mode answers with
 * @param maxTokens     the most tokens the client wants per choice, or null for no limit but the context
 * @param options       how the answer is sampled and ended
 * @param structured    one made-up structured answer per choice (a tool call or JSON text), or null
 * @param kvTransfer    its part in prefill/decode disaggregation
 * @param promptTokenIds the prompt's token ids when the client gave them, or null to tokenize its text
 * @param cacheSalt     the request's {@code cache_salt}: only prompts with the same salt share cached blocks; or null
 * @param templated     whether {@code promptText} is a rendered chat template, which holds its special tokens
 *                      already (vLLM tokenizes it without adding any), rather than a raw prompt
 */
public record GenerationRequest(
        ModelTarget target,
        String promptText,
        int extraPromptTokens,
        String echoText,
        @Nullable Integer maxTokens,
        Sampling options,
        @Nullable List<StructuredAnswer> structured,
        Generation.KvTransfer kvTransfer,
        @Nullable List<Integer> promptTokenIds,
        @Nullable String cacheSalt,
        boolean templated) {

    public GenerationRequest {
        promptTokenIds = promptTokenIds == null ? null : List.copyOf(promptTokenIds);
    }

    /** A request whose prompt is raw text or token ids (not a rendered chat template). */
    public GenerationRequest(
            ModelTarget target,
            String promptText,
            int extraPromptTokens,
            String echoText,
            @Nullable Integer maxTokens,
            Sampling options,
            @Nullable List<StructuredAnswer> structured,
            Generation.KvTransfer kvTransfer,
            @Nullable List<Integer> promptTokenIds,
            @Nullable String cacheSalt) {
        this(
                target,
                promptText,
                extraPromptTokens,
                echoText,
                maxTokens,
                options,
                structured,
                kvTransfer,
                promptTokenIds,
                cacheSalt,
                false);
    }

    /** A request whose prompt is its text, without a cache salt. */
    public GenerationRequest(
            ModelTarget target,
            String promptText,
            int extraPromptTokens,
            String echoText,
            @Nullable Integer maxTokens,
            Sampling options,
            @Nullable List<StructuredAnswer> structured,
            Generation.KvTransfer kvTransfer) {
        this(target, promptText, extraPromptTokens, echoText, maxTokens, options, structured, kvTransfer, null, null);
    }

    /** An ordinary request. */
    public GenerationRequest(
            ModelTarget target,
            String promptText,
            int extraPromptTokens,
            String echoText,
            @Nullable Integer maxTokens,
            Sampling options,
            @Nullable List<StructuredAnswer> structured) {
        this(
                target,
                promptText,
                extraPromptTokens,
                echoText,
                maxTokens,
                options,
                structured,
                Generation.KvTransfer.NONE);
    }

    /**
     * A request the engine only prefills (embeddings, pooling): it answers no tokens, so its
     * generation has no choices; its prompt still has to fit the context and the KV cache.
     */
    public static GenerationRequest promptOnly(ModelTarget target, String promptText, int extraPromptTokens) {
        return new GenerationRequest(target, promptText, extraPromptTokens, "", 0, Sampling.NO_ANSWER, null);
    }

    /** A request with plain text answers and vLLM's defaults for everything else. */
    public GenerationRequest(ModelTarget target, String promptText, String echoText, @Nullable Integer maxTokens) {
        this(target, promptText, 0, echoText, maxTokens, Sampling.DEFAULT, null);
    }

    /**
     * How answers are sampled and ended.
     *
     * @param n                 choices
     * @param minTokens         no answer ends (by itself or at a stop) before this many tokens
     * @param ignoreEos         answers never end by themselves: they run to the token limit
     * @param stop              strings that end an answer
     * @param stopTokenIds      token ids that end an answer
     * @param includeStopString whether the stop string that ended an answer stays in it
     * @param logprobs          top log probabilities per token, or -1 for none
     */
    public record Sampling(
            int n,
            int minTokens,
            boolean ignoreEos,
            List<String> stop,
            Set<Integer> stopTokenIds,
            boolean includeStopString,
            int logprobs) {
        public static final Sampling DEFAULT = new Sampling(1, 0, false, List.of(), Set.of(), false, -1);
        /** No choice at all: the request only prefills. */
        public static final Sampling NO_ANSWER = new Sampling(0, 0, false, List.of(), Set.of(), false, -1);

        public Sampling {
            stop = List.copyOf(stop);
            stopTokenIds = Set.copyOf(stopTokenIds);
        }
    }

    /**
     * A structured answer made up by the wire layer (which reads the schemas): the tool calls of
     * one answer, in order, or JSON content; {@code cut} when it was made only up to the token
     * limit and ends there, unfinished (then its last call is the one cut).
     *
     * @param toolCalls the calls, none for JSON content
     * @param json      the JSON content, or null for calls
     */
    public record StructuredAnswer(
            List<ToolCall> toolCalls, @Nullable String json, boolean cut) {
        public StructuredAnswer {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
        }

        public StructuredAnswer(List<ToolCall> toolCalls, @Nullable String json) {
            this(toolCalls, json, false);
        }

        /** One call. */
        public static StructuredAnswer call(ToolCall call, boolean cut) {
            return new StructuredAnswer(List.of(call), null, cut);
        }

        /** The first call, or null for JSON content. */
        public @Nullable ToolCall toolCall() {
            return toolCalls.isEmpty() ? null : toolCalls.getFirst();
        }
    }
}
