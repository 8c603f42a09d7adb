package io.llmd.sim.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * vLLM's prefix-cache block hashes: a prompt is cut into full blocks of {@code blockSize} tokens
 * (a trailing partial block is never hashed), and each block's hash is SHA-256 over its key
 * {@code (parent hash, token ids, extra keys)}, the parent of the first block being the hash of
 * {@code PYTHONHASHSEED} (or, without one, 32 random bytes). The extra keys are the LoRA adapter's
 * name on every block and the request's {@code cache_salt} on the first. Events carry a hash as
 * the low 64 bits of its big-endian value, as vLLM's {@code VLLM_KV_EVENTS_USE_INT_BLOCK_HASHES}
 * does; the cache is keyed by that value too.
 */
public final class BlockHasher {
    private final PrefixHashAlgo algo;
    private final byte[] noneHash;
    private final int blockSize;

    /**
     * @param seed   {@code PYTHONHASHSEED}, or null to draw the first parent from {@code random}
     * @param random the simulator's seeded generator, read only without a seed
     */
    public BlockHasher(PrefixHashAlgo algo, @Nullable String seed, int blockSize, SeededRandom random) {
        this.algo = algo;
        this.blockSize = blockSize;
        if (seed != null) {
            this.noneHash = sha256(KeyEncoding.seed(algo, seed));
        } else {
            byte[] bytes = new byte[32];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) random.nextInt(256);
            }
            this.noneHash = bytes;
        }
    }

    /**
     * The full blocks of a prompt and their hashes.
     *
     * @param tokens    the prompt's token ids
     * @param lora      the adapter the request runs on, or null
     * @param cacheSalt the request's {@code cache_salt}, or null
     */
    public PromptBlocks hash(int[] tokens, @Nullable String lora, @Nullable String cacheSalt) {
        return hash(tokens, lora, null, cacheSalt);
    }

    /**
     * The full blocks of a request's tokens and their hashes, for a request on an adapter with an
     * id (which events carry; it is not hashed, as vLLM hashes only the adapter's name).
     */
    public PromptBlocks hash(
            int[] tokens, @Nullable String lora, @Nullable Integer loraId, @Nullable String cacheSalt) {
        int blocks = tokens.length / blockSize;
        long[] hashes = new long[blocks];
        byte[] parent = noneHash;
        for (int i = 0; i < blocks; i++) {
            List<String> extra = new ArrayList<>(2);
            if (lora != null) {
                extra.add(lora);
            }
            if (i == 0 && cacheSalt != null && !cacheSalt.isEmpty()) {
                extra.add(cacheSalt);
            }
            byte[] key = KeyEncoding.blockKey(
                    algo, parent, tokens, i * blockSize, (i + 1) * blockSize, extra.isEmpty() ? null : extra);
            parent = sha256(key);
            hashes[i] = low64(parent);
        }
        return new PromptBlocks(tokens, hashes, blockSize, lora, loraId);
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static long low64(byte[] hash) {
        long value = 0;
        for (int i = hash.length - 8; i < hash.length; i++) {
            value = (value << 8) | (hash[i] & 0xff);
        }
        return value;
    }
}
