package io.llmd.sim.core;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A request's tokens as the prefix cache sees them: the prompt's token ids, then (when planned
 * with them) the answer's, and the hash of each full block of the whole, one chain. vLLM caches a
 * block of generated tokens too once it is full and computed, so a later prompt that repeats the
 * answer finds it. Immutable: the arrays are copied in and out.
 */
public final class PromptBlocks {
    private final int[] tokens;
    private final long[] hashes;
    private final int blockSize;
    private final @Nullable String lora;
    private final @Nullable Integer loraId;

    /**
     * @param tokens    the token ids (the trailing partial block included)
     * @param hashes    one hash per full block, in order; the 64-bit values events publish
     * @param blockSize tokens per block
     * @param lora      the adapter the request runs on, or null
     * @param loraId    that adapter's id, or null
     */
    public PromptBlocks(int[] tokens, long[] hashes, int blockSize, @Nullable String lora, @Nullable Integer loraId) {
        this.tokens = tokens.clone();
        this.hashes = hashes.clone();
        this.blockSize = blockSize;
        this.lora = lora;
        this.loraId = loraId;
    }

    /** Blocks of a request without an adapter id. */
    public PromptBlocks(int[] tokens, long[] hashes, int blockSize, @Nullable String lora) {
        this(tokens, hashes, blockSize, lora, null);
    }

    /** The token ids. */
    public int[] tokens() {
        return tokens.clone();
    }

    /** The full blocks' hashes, in order. */
    public long[] hashes() {
        return hashes.clone();
    }

    /** The hash of full block {@code index}. */
    long hash(int index) {
        return hashes[index];
    }

    public int blockSize() {
        return blockSize;
    }

    public @Nullable String lora() {
        return lora;
    }

    public @Nullable Integer loraId() {
        return loraId;
    }

    /** Full blocks. */
    public int blocks() {
        return hashes.length;
    }

    /** The token ids of blocks {@code from} (inclusive) to {@code to} (exclusive). */
    int[] tokensOf(int from, int to) {
        return Arrays.copyOfRange(tokens, from * blockSize, to * blockSize);
    }
}
