package io.llmd.sim.web;

import io.llmd.sim.core.NanoClock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that never waits: asked to sleep until a deadline, it moves its time there at once. An
 * engine on it runs every step of an answer, in order, at the speed of the CPU, whatever latencies
 * it is configured with (the warm-up's engine).
 */
final class SkippingClock implements NanoClock {
    private final AtomicLong skipped = new AtomicLong();

    @Override
    public long nanoTime() {
        return System.nanoTime() + skipped.get();
    }

    @Override
    public void sleepUntil(long deadline) throws InterruptedException {
        long remaining = deadline - nanoTime();
        if (remaining > 0) {
            skipped.addAndGet(remaining);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while skipping to a deadline");
        }
    }
}
