package io.llmd.sim.core;

import java.util.SplittableRandom;

/**
 * The one random generator every choice of the simulator goes through, so that a seed replays a
 * run: the same seed and the same sequence of requests give the same answers and ids.
 */
public final class SeededRandom {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final SplittableRandom random;

    public SeededRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A number in [0, bound). */
    public synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** A number in [origin, bound). */
    public synchronized int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    public synchronized double nextDouble() {
        return random.nextDouble();
    }

    /** A string of {@code length} lower-case hex digits, for ids. */
    public String hex(int length) {
        char[] out = new char[length];
        long bits;
        synchronized (this) {
            bits = random.nextLong();
            for (int i = 0; i < length; i++) {
                if (i > 0 && i % 16 == 0) {
                    bits = random.nextLong();
                }
                out[i] = HEX[(int) (bits & 0xF)];
                bits >>>= 4;
            }
        }
        return new String(out);
    }
}
