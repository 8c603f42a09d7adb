package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * vLLM's automatic prefix caching: whether full prompt blocks stay cached for later prompts, how
 * their hashes are made, and whether answers report the cached tokens.
 *
 * @param enabled              {@code --enable-prefix-caching} (on by default, as in vLLM V1);
 *                             {@code --no-enable-prefix-caching} (the command line's negation of a switch) turns it off
 * @param hashAlgo             {@code --prefix-caching-hash-algo}
 * @param hashSeed             the seed of the first block's parent ({@code --hash-seed}, else
 *                             {@code PYTHONHASHSEED}); null for a random one, as vLLM draws it
 * @param promptTokensDetails  {@code --enable-prompt-tokens-details}: usage reports
 *                             {@code prompt_tokens_details.cached_tokens} when a prompt hit the cache
 * @param kvEvents             the KV events published of the cache's blocks
 * @param globalCacheHitThreshold the Go simulator's {@code --global-cache-hit-threshold}: the
 *                             threshold of requests without their own; 0 for none
 */
public record PrefixCacheOptions(
        boolean enabled,
        PrefixHashAlgo hashAlgo,
        @Nullable String hashSeed,
        boolean promptTokensDetails,
        KvEventsOptions kvEvents,
        double globalCacheHitThreshold) {
    /** vLLM's defaults, without a seed. */
    public static final PrefixCacheOptions DEFAULT =
            new PrefixCacheOptions(true, PrefixHashAlgo.SHA256, null, false, KvEventsOptions.NONE, 0);

    /**
     * The prefix-cache section, from flags that passed every check.
     *
     * @param pythonHashSeed {@code PYTHONHASHSEED}, used when no {@code --hash-seed} is set; null for none
     */
    static PrefixCacheOptions from(ParsedFlags flags, @Nullable String pythonHashSeed) {
        // The Go simulator's --enable-kvcache turns its cache on and reports cached tokens in usage.
        boolean goKvCache = flags.<Boolean>get(Flag.ENABLE_KVCACHE);
        boolean enabled = flags.given(Flag.ENABLE_PREFIX_CACHING)
                ? flags.<Boolean>get(Flag.ENABLE_PREFIX_CACHING)
                : goKvCache || flags.<Boolean>get(Flag.ENABLE_PREFIX_CACHING);
        String seed = flags.given(Flag.HASH_SEED) ? flags.get(Flag.HASH_SEED) : pythonHashSeed;
        return new PrefixCacheOptions(
                enabled,
                flags.get(Flag.PREFIX_CACHING_HASH_ALGO),
                seed,
                goKvCache || flags.<Boolean>get(Flag.ENABLE_PROMPT_TOKENS_DETAILS),
                KvEventsOptions.from(flags),
                flags.get(Flag.GLOBAL_CACHE_HIT_THRESHOLD));
    }

    /**
     * The cache-hit threshold a chat or completion request is held to, as the Go simulator picks it:
     * its own {@code cache_hit_threshold} when that is from 0 to 1, else the global one when above 0;
     * -1 for none, and always without prefix caching.
     *
     * @param requested the request's {@code cache_hit_threshold}, or null
     */
    public double cacheHitThreshold(@Nullable Double requested) {
        if (!enabled) {
            return -1;
        }
        if (requested != null && requested >= 0 && requested <= 1) {
            return requested;
        }
        return globalCacheHitThreshold > 0 ? globalCacheHitThreshold : -1;
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.ENABLE_PREFIX_CACHING.flagName(), Boolean.toString(enabled));
        out.put(Flag.GLOBAL_CACHE_HIT_THRESHOLD.flagName(), FlagValue.decimal(globalCacheHitThreshold));
        out.put(Flag.PREFIX_CACHING_HASH_ALGO.flagName(), hashAlgo.flagValue());
        out.put(Flag.HASH_SEED.flagName(), hashSeed == null ? "random" : hashSeed);
        out.put(Flag.ENABLE_PROMPT_TOKENS_DETAILS.flagName(), Boolean.toString(promptTokensDetails));
        out.putAll(kvEvents.describe());
        return out;
    }
}
