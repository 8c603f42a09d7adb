package io.llmd.sim.bench;

/** The server's latency settings for streamed runs, and the tokens each stream must bring. */
record StreamTiming(long ttftNanos, long itlNanos, int tokens) {
    static StreamTiming of(Options options) {
        return new StreamTiming(
                options.ttftMillis() * 1_000_000L, options.itlMillis() * 1_000_000L, options.maxTokens());
    }

    /** How long one stream lasts on an idle server. */
    long streamNanos() {
        return ttftNanos + (tokens - 1) * itlNanos;
    }

    StreamStats newStats(int streams, long origin, int seconds) {
        return new StreamStats(ttftNanos, itlNanos, tokens, streams, origin, seconds);
    }
}
