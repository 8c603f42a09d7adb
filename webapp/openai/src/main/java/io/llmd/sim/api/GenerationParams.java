package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SimException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What chat and completion requests share. */
public interface GenerationParams {
    /** The most choices one request may ask for. */
    int MAX_N = 128;
    /** The most log probabilities per token, vLLM's default {@code max_logprobs}. */
    int MAX_LOGPROBS = 20;

    @Nullable
    String model();

    @Nullable
    Boolean stream();

    @Nullable
    StreamOptions streamOptions();

    @Nullable
    Integer n();

    @Nullable
    Boolean ignoreEos();

    @Nullable
    Integer minTokens();

    @Nullable
    JsonNode stop();

    @Nullable
    List<Integer> stopTokenIds();

    @Nullable
    Boolean includeStopStrInOutput();

    /** The token limit the client asked for, or null. */
    @Nullable
    Integer effectiveMaxTokens();

    /** Top log probabilities asked for per token, or -1 for none. */
    int logprobCount();

    /**
     * The Go simulator's {@code cache_hit_threshold}: the least share of the prompt the prefix
     * cache must hold for the request to be answered, or null; a request type without it has none.
     */
    default @Nullable Double cacheHitThreshold() {
        return null;
    }

    /** vLLM's {@code kv_transfer_params}, or null. */
    @Nullable
    JsonNode kvTransferParams();

    /** The request's part in prefill/decode disaggregation. */
    default io.llmd.sim.core.Generation.KvTransfer kvTransfer() {
        JsonNode params = kvTransferParams();
        if (params == null || !params.isObject()) {
            return io.llmd.sim.core.Generation.KvTransfer.NONE;
        }
        if (params.path("do_remote_decode").asBoolean(false)) {
            return io.llmd.sim.core.Generation.KvTransfer.PREFILL_ONLY;
        }
        if (params.path("do_remote_prefill").asBoolean(false)) {
            return io.llmd.sim.core.Generation.KvTransfer.REMOTE_PREFILL;
        }
        return io.llmd.sim.core.Generation.KvTransfer.NONE;
    }

    default boolean streaming() {
        return Boolean.TRUE.equals(stream());
    }

    default boolean includeUsage() {
        return streamOptions() != null && Boolean.TRUE.equals(streamOptions().includeUsage());
    }

    /** Running usage on every chunk: vLLM sends it only when {@code include_usage} is set too. */
    default boolean continuousUsage() {
        StreamOptions options = streamOptions();
        return includeUsage() && options != null && Boolean.TRUE.equals(options.continuousUsageStats());
    }

    default int choices() {
        return n() == null ? 1 : n();
    }

    /** The sampling settings the core honours. */
    default GenerationRequest.Sampling sampling() {
        return new GenerationRequest.Sampling(
                choices(),
                minTokens() == null ? 0 : minTokens(),
                Boolean.TRUE.equals(ignoreEos()),
                stopStrings(stop()),
                stopTokenIds() == null ? java.util.Set.of() : new LinkedHashSet<>(stopTokenIds()),
                Boolean.TRUE.equals(includeStopStrInOutput()),
                logprobCount());
    }

    /** Checks the fields both kinds of request share. */
    static void validateCommon(GenerationParams params) {
        if (params.streamOptions() != null && !params.streaming()) {
            // vLLM's own check (a model validator on both request types).
            throw SimException.badRequest("Stream options can only be defined when `stream=True`.", "stream_options");
        }
        Integer maxTokens = params.effectiveMaxTokens();
        if (maxTokens != null && maxTokens <= 0) {
            throw SimException.badRequest("max_tokens must be at least 1, got " + maxTokens + ".", "max_tokens");
        }
        Integer n = params.n();
        if (n != null && (n < 1 || n > MAX_N)) {
            throw SimException.badRequest("n must be between 1 and " + MAX_N + ", got " + n + ".", "n");
        }
        Integer minTokens = params.minTokens();
        if (minTokens != null && minTokens < 0) {
            throw SimException.badRequest("min_tokens must be at least 0, got " + minTokens + ".", "min_tokens");
        }
        if (minTokens != null && maxTokens != null && minTokens > maxTokens) {
            throw SimException.badRequest(
                    "min_tokens must be less than or equal to max_tokens=" + maxTokens + ", got " + minTokens + ".",
                    "min_tokens");
        }
        stopStrings(params.stop());
        JsonNode kv = params.kvTransferParams();
        if (kv != null && !kv.isNull() && !kv.isObject()) {
            throw SimException.badRequest("kv_transfer_params must be an object.", "kv_transfer_params");
        }
        if (params.kvTransfer() == io.llmd.sim.core.Generation.KvTransfer.PREFILL_ONLY && params.streaming()) {
            throw SimException.badRequest(
                    "A prefill-only request (kv_transfer_params.do_remote_decode) cannot be " + "streamed.", "stream");
        }
        if (params.stopTokenIds() != null && params.stopTokenIds().contains(null)) {
            throw SimException.badRequest("stop_token_ids must be a list of integers.", "stop_token_ids");
        }
    }

    /** {@code stop} as a list: a string, a list of strings, or nothing. */
    static List<String> stopStrings(@Nullable JsonNode stop) {
        List<String> out = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return out;
        }
        if (stop.isTextual()) {
            out.add(stop.textValue());
            return out;
        }
        if (stop.isArray()) {
            for (JsonNode item : stop) {
                if (!item.isTextual()) {
                    throw SimException.badRequest("stop must be a string or a list of strings.", "stop");
                }
                out.add(item.textValue());
            }
            return out;
        }
        throw SimException.badRequest("stop must be a string or a list of strings.", "stop");
    }
}
