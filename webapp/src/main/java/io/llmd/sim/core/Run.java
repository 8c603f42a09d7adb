package io.llmd.sim.core;

/**
 * One admitted request playing out in time: it waits for its place, then its tokens fall due one
 * by one. Deadlines are absolute (token i is due at start + first-token time + i x inter-token
 * time), so a late wake-up never pushes the later tokens back. Whoever serves the request ends
 * the run once, with {@link #finish()} or {@link #cancel()}.
 */
public final class Run {
    private final Generation generation;
    private final Ticket ticket;
    private final LatencyModel latency;
    private final NanoClock clock;
    private long nextDeadline;
    private int nextToken;

    Run(Generation generation, Ticket ticket, LatencyModel latency, NanoClock clock) {
        this.generation = generation;
        this.ticket = ticket;
        this.latency = latency;
        this.clock = clock;
    }

    public Generation generation() {
        return generation;
    }

    /** Blocks while the request waits for a place in the running batch. */
    public void awaitStart() throws InterruptedException {
        long start = ticket.awaitStart();
        nextDeadline = start + latency.firstTokenNanos(generation);
    }

    /**
     * Blocks until the next token is due and returns its index. Call {@link #awaitStart()} first.
     */
    public int awaitNextToken() throws InterruptedException {
        clock.sleepUntil(nextDeadline);
        int index = nextToken++;
        nextDeadline += latency.interTokenNanos(generation);
        return index;
    }

    /** Blocks until the whole answer is due (the last token, or the first for an empty answer). */
    public void awaitAnswer() throws InterruptedException {
        int last = Math.max(generation.completionTokens(), 1);
        while (nextToken < last - 1) {
            nextToken++;
            nextDeadline += latency.interTokenNanos(generation);
        }
        awaitNextToken();
    }

    /** The answer was delivered. */
    public void finish() {
        ticket.finish();
    }

    /** The client went away or the server stops; the place is freed at once. */
    public void cancel() {
        ticket.cancel();
    }
}
