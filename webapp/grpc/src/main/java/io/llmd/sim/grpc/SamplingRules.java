package io.llmd.sim.grpc;

import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SimException;
import io.llmd.sim.grpc.proto.SamplingParams;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * vLLM's reading of the proto's sampling parameters: a field left at its zero value means vLLM's
 * default (n 1, top_p 1, no token limit but the context), and a value vLLM's
 * {@code SamplingParams} refuses is a bad request. The simulator honours the limits, stops and
 * {@code ignore_eos}; the others only have to be valid.
 */
final class SamplingRules {
    private SamplingRules() {}

    /** The most tokens an answer may have, or null for what the context leaves. */
    static @Nullable Integer maxTokens(SamplingParams params) {
        if (!params.hasMaxTokens()) {
            return null;
        }
        int max = params.getMaxTokens();
        if (max < 1) {
            // Also a uint32 above 2^31 - 1, which Java reads as negative.
            throw SimException.badRequest(
                    "max_tokens must be at least 1, got " + Integer.toUnsignedString(max) + ".", "max_tokens");
        }
        return max;
    }

    static GenerationRequest.Sampling of(SamplingParams params) {
        int n = params.getN() == 0 ? 1 : params.getN();
        if (n != 1) {
            throw SimException.badRequest(
                    "n must be 1: the simulator's gRPC answers have no index to tell choices apart, got "
                            + Integer.toUnsignedString(n) + ".",
                    "n");
        }
        if (params.hasTemperature() && !(params.getTemperature() >= 0)) {
            throw SimException.badRequest(
                    "temperature must be non-negative, got " + params.getTemperature() + ".", "temperature");
        }
        float topP = params.getTopP() == 0 ? 1 : params.getTopP();
        if (!(topP > 0 && topP <= 1)) {
            throw SimException.badRequest("top_p must be in (0, 1], got " + topP + ".", "top_p");
        }
        int minTokens = params.getMinTokens();
        Integer maxTokens = maxTokens(params);
        if (minTokens < 0) {
            throw SimException.badRequest(
                    "min_tokens must be greater than or equal to 0, got " + Integer.toUnsignedString(minTokens) + ".",
                    "min_tokens");
        }
        if (maxTokens != null && minTokens > maxTokens) {
            throw SimException.badRequest(
                    "min_tokens must be less than or equal to max_tokens=" + maxTokens + ", got " + minTokens + ".",
                    "min_tokens");
        }
        Set<Integer> stopTokenIds = new HashSet<>(params.getStopTokenIdsList());
        return new GenerationRequest.Sampling(
                1,
                minTokens,
                params.getIgnoreEos(),
                params.getStopList(),
                stopTokenIds,
                params.getIncludeStopStrInOutput(),
                -1);
    }
}
