package io.llmd.sim.core;

/**
 * How long a request's tokens take: a pure strategy from configuration (and, later, request and
 * load) to durations. It never sleeps; {@link Run} waits for the deadlines it gives.
 */
public final class LatencyModel {
    private final long firstTokenNanos;
    private final long interTokenNanos;

    public LatencyModel(SimConfig config) {
        this.firstTokenNanos = config.timeToFirstToken().toNanos();
        this.interTokenNanos = config.interTokenLatency().toNanos();
    }

    /** Time from the start of processing to the first token. */
    public long firstTokenNanos(Generation generation) {
        return firstTokenNanos;
    }

    /** Time from one token to the next. */
    public long interTokenNanos(Generation generation) {
        return interTokenNanos;
    }
}
