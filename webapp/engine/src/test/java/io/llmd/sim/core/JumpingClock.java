package io.llmd.sim.core;

/**
 * A clock for tests that jumps to every deadline slept on: answers take no time and every latency
 * is exactly the configured one. Not thread-safe; one request at a time.
 */
public final class JumpingClock implements NanoClock {
    private long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepUntil(long deadline) {
        now = Math.max(now, deadline);
    }
}
