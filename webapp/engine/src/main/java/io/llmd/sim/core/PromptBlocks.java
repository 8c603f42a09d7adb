package io.llmd.sim.core;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A prompt as the prefix cache sees it: its token ids and the hash of each of its full blocks.
 * Immutable: the arrays are copied in and out.
 */
public final class PromptBlocks {
    private final int[] tokens;
    private final long[] hashes;
    private final int blockSize;
    private final @Nullable String lora;

    /**
     * @param tokens    the prompt's token ids (the trailing partial block included)
     * @param hashes    one hash per full block, in order; the 64-bit values events publish
     * @param blockSize tokens per block
     * @param lora      the adapter the request runs on, or null
     */
    public PromptBlocks(int[] tokens, long[] hashes, int blockSize, @Nullable String lora) {
        this.tokens = tokens.clone();
        this.hashes = hashes.clone();
        this.blockSize = blockSize;
        this.lora = lora;
    }

    /** The prompt's token ids. */
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

    /** Full blocks. */
    public int blocks() {
        return hashes.length;
    }

    /** The token ids of blocks {@code from} (inclusive) to {@code to} (exclusive). */
    int[] tokensOf(int from, int to) {
        return Arrays.copyOfRange(tokens, from * blockSize, to * blockSize);
    }
}
