package io.llmd.sim.core;

import java.util.concurrent.locks.LockSupport;

/**
 * A monotonic clock in nanoseconds, and the one way the simulator waits for a moment on it; tests
 * replace {@link #SYSTEM} with a clock that jumps to each deadline.
 */
@FunctionalInterface
public interface NanoClock {
    NanoClock SYSTEM = System::nanoTime;

    long nanoTime();

    /** Parks the calling thread (virtual, where it matters) until {@code deadline} has passed. */
    default void sleepUntil(long deadline) throws InterruptedException {
        long remaining;
        while ((remaining = deadline - nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted with " + remaining + " ns left to wait");
            }
        }
    }
}
