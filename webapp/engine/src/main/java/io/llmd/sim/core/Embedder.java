package io.llmd.sim.core;

import java.util.List;

/**
 * The simulator's embedding model: a unit vector made from a prompt's tokens alone, so that the
 * same input always gives the same vector (across requests, restarts and seeds), inputs that share
 * words point in similar directions (what a retrieval test wants to see), and word order still
 * matters. Each token and each pair of neighbouring tokens adds a pseudo-random direction, drawn
 * from its text; the sum is scaled to length 1. Component {@code j} does not depend on the
 * dimensions asked for, so a shorter vector is a longer one's prefix, normalised again, as a
 * Matryoshka model answers.
 */
public final class Embedder {
    /** The vector's length when neither the request nor {@code --default-embedding-dimensions} says. */
    public static final int DEFAULT_DIMENSIONS = 384;
    /** The most dimensions one vector may have, to keep an answer's size bounded. */
    public static final int MAX_DIMENSIONS = 65_536;
    /** What neighbouring pairs weigh against single tokens: enough to tell word orders apart. */
    private static final double PAIR_WEIGHT = 0.5;

    private Embedder() {}

    /**
     * The embedding of a prompt.
     *
     * @param tokens     the prompt's tokens, as the tokenizer splits it
     * @param dimensions the vector's length, from 1 to {@link #MAX_DIMENSIONS}
     */
    public static float[] embed(List<String> tokens, int dimensions) {
        if (dimensions < 1 || dimensions > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("dimensions out of range: " + dimensions);
        }
        long[] seeds = new long[tokens.size() * 2];
        double[] weights = new double[seeds.length];
        int terms = 0;
        long previous = 0;
        for (int i = 0; i < tokens.size(); i++) {
            long seed = hash(tokens.get(i));
            seeds[terms] = seed;
            weights[terms++] = 1.0;
            if (i > 0) {
                seeds[terms] = mix(previous * 31 + seed);
                weights[terms++] = PAIR_WEIGHT;
            }
            previous = seed;
        }
        double[] sum = new double[dimensions];
        if (terms == 0) {
            // An input without tokens still gets a vector: the same one every time.
            seeds = new long[] {0x9E3779B97F4A7C15L};
            weights = new double[] {1.0};
            terms = 1;
        }
        for (int t = 0; t < terms; t++) {
            for (int j = 0; j < dimensions; j++) {
                sum[j] += weights[t] * component(seeds[t], j);
            }
        }
        double norm = 0;
        for (double value : sum) {
            norm += value * value;
        }
        norm = Math.sqrt(norm);
        float[] vector = new float[dimensions];
        for (int j = 0; j < dimensions; j++) {
            // A sum that cancels out exactly is all but impossible; the first axis stands in for it.
            vector[j] = norm == 0 ? (j == 0 ? 1f : 0f) : (float) (sum[j] / norm);
        }
        return vector;
    }

    /** A value in [-1, 1) drawn from a seed and a component's index. */
    private static double component(long seed, int index) {
        return (mix(seed + (index + 1L) * 0xBF58476D1CE4E5B9L) >>> 11) * 0x1.0p-52 - 1.0;
    }

    /** A 64-bit hash of a token's text, the same on every JVM (FNV-1a over its chars, then mixed). */
    private static long hash(String token) {
        long hash = 0xCBF29CE484222325L;
        for (int i = 0; i < token.length(); i++) {
            hash ^= token.charAt(i);
            hash *= 0x100000001B3L;
        }
        return mix(hash);
    }

    /** SplitMix64's finaliser: spreads every input bit over the whole word. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
