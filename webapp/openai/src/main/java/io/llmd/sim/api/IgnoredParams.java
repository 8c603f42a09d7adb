package io.llmd.sim.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Parameters vLLM's chat and completion requests declare and the simulator does not act on
 * (sampling settings and the like), with vLLM's types. They are read only so that a value of the
 * wrong type is refused as vLLM refuses it ({@code "temperature": "hot"} is a 400); nothing reads
 * them back. A wrapper type is optional in vLLM (null means absent); a primitive has a default
 * there and refuses null (its value here is not vLLM's default, and never read).
 */
public record IgnoredParams(
        Double temperature,
        Double topP,
        Integer topK,
        Double minP,
        Double presencePenalty,
        Double frequencyPenalty,
        Double repetitionPenalty,
        double lengthPenalty,
        Long seed,
        String user,
        Map<String, Double> logitBias,
        boolean useBeamSearch,
        boolean skipSpecialTokens,
        boolean spacesBetweenSpecialTokens,
        Long truncatePromptTokens,
        Integer promptLogprobs,
        List<Integer> allowedTokenIds,
        List<String> badWords,
        boolean addSpecialTokens,
        long priority,
        String requestId,
        Boolean returnTokensAsTokenIds,
        Boolean returnTokenIds,
        String cacheSalt,
        ObjectNode structuredOutputs,
        ObjectNode vllmXargs) {

    /** Those only a chat request declares. */
    public record Chat(
            Boolean parallelToolCalls,
            boolean includeReasoning,
            boolean echo,

            @JsonDeserialize(using = LaxScalars.DefaultedBoolean.class)
            Boolean addGenerationPrompt,

            boolean continueFinalMessage,
            List<Map<String, String>> documents,
            String chatTemplate,
            ObjectNode chatTemplateKwargs,
            ObjectNode mmProcessorKwargs,
            String reasoningEffort) {}

    /** Those only a completion request declares. */
    public record Completion(String suffix, Integer bestOf, ObjectNode responseFormat) {}
}
