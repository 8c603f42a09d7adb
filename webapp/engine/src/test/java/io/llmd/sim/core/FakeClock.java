package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A clock that only moves when told to, or when someone sleeps on it: {@link #sleepUntil} jumps
 * straight to the deadline (never backwards), so timing tests run instantly and exactly.
 */
final class FakeClock implements NanoClock {
    private long now;
    private long overshoot;
    private final List<Long> deadlines = new ArrayList<>();

    FakeClock(long start) {
        this.now = start;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void sleepUntil(long deadline) {
        deadlines.add(deadline);
        if (deadline > now) {
            now = deadline + overshoot;
        }
        overshoot = 0;
    }

    void set(long nanos) {
        now = nanos;
    }

    void advance(long nanos) {
        now += nanos;
    }

    /** The next sleep that has to wait wakes up this much after its deadline, as a busy host would. */
    void wakeLateOnce(long nanos) {
        overshoot = nanos;
    }

    /** Every deadline slept on, in order. */
    List<Long> deadlines() {
        return List.copyOf(deadlines);
    }
}
