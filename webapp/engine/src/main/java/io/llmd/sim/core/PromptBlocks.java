package io.llmd.sim.core;

/**
 * A prompt as the prefix cache sees it: its token ids and the hash of each of its full blocks.
 *
 * @param tokens    the prompt's token ids (the trailing partial block included)
 * @param hashes    one hash per full block, in order; the 64-bit values events publish
 * @param blockSize tokens per block
 * @param lora      the adapter the request runs on, or null
 */
public record PromptBlocks(int[] tokens, long[] hashes, int blockSize, String lora) {

    /** Full blocks. */
    public int blocks() {
        return hashes.length;
    }

    /** The token ids of blocks {@code from} (inclusive) to {@code to} (exclusive). */
    int[] tokensOf(int from, int to) {
        return java.util.Arrays.copyOfRange(tokens, from * blockSize, to * blockSize);
    }
}
