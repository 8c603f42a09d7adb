package io.llmd.sim.api.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.GenerationParams;
import io.llmd.sim.api.StreamOptions;
import io.llmd.sim.core.SimException;
import java.util.List;

/**
 * {@code POST /inference/v1/generate}, vLLM's tokens-in, tokens-out endpoint: a prompt of
 * {@code token_ids} and vLLM's {@code sampling_params} (its {@code max_tokens} defaults to 16, as
 * vLLM's sampling parameters do); the answer is token ids too.
 */
public record GenerateRequest(
        String requestId,
        List<Integer> tokenIds,
        JsonNode features,
        Sampling samplingParams,
        String model,
        Boolean stream,
        StreamOptions streamOptions,
        JsonNode kvTransferParams,
        String cacheSalt,
        Integer priority)
        implements GenerationParams {

    /** vLLM's {@code SamplingParams.max_tokens} default. */
    static final int DEFAULT_MAX_TOKENS = 16;

    /** The sampling parameters the simulator honours; the others are read for their types. */
    public record Sampling(
            Integer n,
            Integer maxTokens,
            Integer minTokens,
            Boolean ignoreEos,
            JsonNode stop,
            List<Integer> stopTokenIds,
            Boolean includeStopStrInOutput,
            Integer logprobs,
            Double temperature,
            Double topP,
            Integer topK,
            Long seed) {}

    /** Checks what the shape of JSON alone cannot; throws a 400 naming the field. */
    public void validate() {
        if (tokenIds == null || tokenIds.isEmpty()) {
            throw SimException.badRequest("token_ids must be a non-empty list of token ids", "token_ids");
        }
        for (Integer id : tokenIds) {
            if (id == null || id < 0) {
                throw SimException.badRequest("Token id " + id + " is out of vocabulary", "token_ids");
            }
        }
        if (samplingParams == null) {
            throw SimException.badRequest("sampling_params: Field required", "sampling_params");
        }
        Integer logprobs = samplingParams.logprobs();
        if (logprobs != null && (logprobs < 0 || logprobs > MAX_LOGPROBS)) {
            throw SimException.badRequest(
                    "logprobs must be between 0 and " + MAX_LOGPROBS + ", got " + logprobs + ".", "sampling_params");
        }
        GenerationParams.validateCommon(this);
    }

    @Override
    public Integer n() {
        return samplingParams.n();
    }

    @Override
    public Boolean ignoreEos() {
        return samplingParams.ignoreEos();
    }

    @Override
    public Integer minTokens() {
        return samplingParams.minTokens();
    }

    @Override
    public JsonNode stop() {
        return samplingParams.stop();
    }

    @Override
    public List<Integer> stopTokenIds() {
        return samplingParams.stopTokenIds();
    }

    @Override
    public Boolean includeStopStrInOutput() {
        return samplingParams.includeStopStrInOutput();
    }

    @Override
    public Integer effectiveMaxTokens() {
        return samplingParams.maxTokens() != null ? samplingParams.maxTokens() : DEFAULT_MAX_TOKENS;
    }

    @Override
    public int logprobCount() {
        return samplingParams.logprobs() == null ? -1 : samplingParams.logprobs();
    }
}
