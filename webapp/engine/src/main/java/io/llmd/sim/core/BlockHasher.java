package io.llmd.sim.core;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
    private static final int DIGEST_BYTES = 32;

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
        if (blocks == 0) {
            return new PromptBlocks(tokens, hashes, blockSize, lora, loraId);
        }
        MessageDigest digest = sha256();
        KeyEncoding.Buffer key = new KeyEncoding.Buffer();
        @Nullable List<String> loraOnly = lora == null ? null : List.of(lora);
        byte[] parent = noneHash;
        // One digest's room for every block: a block's key holds a copy of its parent's hash before
        // the block's own digest overwrites it.
        byte[] hash = new byte[DIGEST_BYTES];
        for (int i = 0; i < blocks; i++) {
            @Nullable List<String> extra = loraOnly;
            if (i == 0 && cacheSalt != null && !cacheSalt.isEmpty()) {
                extra = lora == null ? List.of(cacheSalt) : List.of(lora, cacheSalt);
            }
            KeyEncoding.blockKey(key, algo, parent, tokens, i * blockSize, (i + 1) * blockSize, extra);
            digest.update(key.array(), 0, key.length());
            try {
                digest.digest(hash, 0, DIGEST_BYTES);
            } catch (DigestException e) {
                throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
            }
            parent = hash;
            hashes[i] = low64(hash);
        }
        return new PromptBlocks(tokens, hashes, blockSize, lora, loraId);
    }

    static byte[] sha256(byte[] input) {
        return sha256().digest(input);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
