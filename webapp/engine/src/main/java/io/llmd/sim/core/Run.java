package io.llmd.sim.core;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One admitted request playing out in time: it waits for its place, then its tokens fall due one
 * by one. Deadlines are absolute (token i is due at start + first-token time + i x inter-token
 * time), so a late wake-up never pushes the later tokens back. Before each token the request's
 * KV-cache blocks grow; a request preempted meanwhile waits for its place again and recomputes
 * its prefill. The thread serving the request reports each token it delivers and ends the run
 * once, with {@link #finish()} or {@link #cancel()}; the metrics record what the client saw.
 */
public final class Run {
    private final Generation generation;
    private final Ticket ticket;
    private final LatencyModel latency;
    private final NanoClock clock;
    private final EngineListener listener;
    private final int maxTokens;
    private long nextDeadline;
    /** When the token last returned by {@link #awaitNextToken()} was due. */
    private long dueAt;

    private int nextToken;
    private long firstStart = -1;
    private long firstTokenAt = -1;
    private long lastTokenAt = -1;
    private int delivered;
    private int steps;
    /** Whether the answer has one more step after its last token, {@link #tailNanos} later (an omni image). */
    private boolean tail;

    private long tailNanos;
    /** The share of the prompt the prefix cache must hold at the start, or -1 for none. */
    private double cacheHitThreshold = -1;

    private boolean forceCacheThreshold;
    /** Whether the request fell below its cache-hit threshold at its first start: it answers then, without a token. */
    private volatile boolean belowCacheThreshold;

    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable RequestTrace trace;

    Run(
            Generation generation,
            Ticket ticket,
            LatencyModel latency,
            NanoClock clock,
            EngineListener listener,
            int maxTokens) {
        this.generation = generation;
        this.ticket = ticket;
        this.latency = latency;
        this.clock = clock;
        this.listener = listener;
        this.maxTokens = maxTokens;
    }

    public Generation generation() {
        return generation;
    }

    /** Whether the request has got its place in the running batch (it may have ended since). */
    public boolean isStarted() {
        return ticket.isStarted();
    }

    /**
     * Whether the engine aborted the request (a sleep in abort mode): its serving thread was
     * interrupted by that, not by a client gone away, and answers so.
     */
    public boolean isAborted() {
        return ticket.isAborted();
    }

    /**
     * Prompt tokens found in the prefix cache when the request first started (vLLM's
     * {@code num_cached_tokens}); 0 before it started or without prefix caching.
     */
    public int cachedTokens() {
        return ticket.cachedTokens();
    }

    /** Whether the run has ended: finished or cancelled. */
    public boolean isEnded() {
        return ended.get();
    }

    /**
     * What happened to the request, as its listeners were told when it ended; null until then.
     * The web layer reads it when its exchange ends (the request log).
     */
    public @Nullable RequestTrace trace() {
        return trace;
    }

    /** Blocks while the request waits for a place in the running batch. */
    public void awaitStart() throws InterruptedException {
        started(ticket.awaitStart());
    }

    /**
     * Blocks until the next token is due and returns its index. Call {@link #awaitStart()} first.
     */
    public int awaitNextToken() throws InterruptedException {
        while (true) {
            clock.sleepUntil(nextDeadline);
            int index = takeToken();
            if (index >= 0) {
                return index;
            }
            awaitRestart();
        }
    }

    /**
     * When the next token is due, on the simulator's clock: what a caller that waits for many
     * requests at once (one thread pacing many streams) sorts by, instead of blocking in
     * {@link #awaitNextToken()}.
     */
    public long nextTokenDue() {
        return nextDeadline;
    }

    /**
     * Takes the next token without waiting, once {@link #nextTokenDue()} has passed: returns its
     * index, or -1 when the request no longer runs (it was preempted or ended); then
     * {@link #awaitRestart()} waits for its place again.
     */
    public int takeToken() {
        // The tail step adds no token, so the request's blocks do not grow for it.
        boolean afterLastToken = tail && nextToken >= generation.steps();
        if (!afterLastToken && !ticket.grow(generation.promptTokens() + nextToken + 1)) {
            return -1;
        }
        int index = nextToken++;
        dueAt = nextDeadline;
        nextDeadline += tail && nextToken == generation.steps() ? tailNanos : latency.interTokenNanos(generation);
        return index;
    }

    /**
     * The answer carries a generated image (omni mode): it ends {@code --time-to-generate-image}
     * (with its jitter) after its last token, in one more step that carries no token, as the Go
     * simulator generates the image then, its request still running. A stream's encoder has that
     * step; a whole answer is due only after it. Call it before the run plays.
     */
    public void generateImage() {
        tail = true;
        tailNanos = latency.imageNanos();
    }

    /**
     * Holds the request to the Go simulator's cache-hit threshold: when, at its first start, less
     * than {@code threshold} of its prompt was found in the prefix cache (or always, when
     * {@code force}), it ends at once without a token, by {@code cache_threshold}, and its blocks
     * stay cached. Call it before the run plays.
     *
     * @param threshold the least cached share of the prompt, from 0 to 1, or -1 for none
     * @param force     the outcome whatever the cache holds ({@code X-Cache-Threshold-Finish-Reason: true})
     */
    public void cacheHitThreshold(double threshold, boolean force) {
        cacheHitThreshold = threshold;
        forceCacheThreshold = force;
    }

    /**
     * Whether the request started below its cache-hit threshold: its answer is
     * {@link #answer()}, due at its start, and a stream ends there.
     */
    public boolean belowCacheThreshold() {
        return belowCacheThreshold;
    }

    /** The answer the client gets: the planned one, or none of its tokens below the cache-hit threshold. */
    public Generation answer() {
        return belowCacheThreshold ? generation.cacheThresholdAnswer() : generation;
    }

    /**
     * After {@link #takeToken()} refused: blocks until the preempted request runs again (its next
     * token is then due a first-token time after that start).
     *
     * @throws InterruptedException if the thread is interrupted, or the request was cancelled
     */
    public void awaitRestart() throws InterruptedException {
        if (ticket.isDone()) {
            throw new InterruptedException("the request was cancelled");
        }
        started(ticket.awaitStart());
    }

    /**
     * The step just due went out to the client (or, not streamed, would have): {@code tokens}
     * tokens over all choices. The metrics record it at the time it was due, as vLLM's engine
     * records a token when it is produced: a late wake-up of the serving thread does not shift
     * time from the first token to the gaps.
     */
    public void tokensDelivered(int tokens) {
        long now = dueAt;
        boolean first = steps == 0;
        if (first) {
            firstTokenAt = now;
            listener.onPrefilled(generation.promptTokens());
        }
        listener.onTokensDelivered(now - lastTokenAt, first, tokens);
        lastTokenAt = now;
        steps++;
        delivered += tokens;
    }

    /**
     * Plays every step out in time without a client watching: the whole answer is due when this
     * returns. An answer without tokens is due when its first token would be, its prefill done;
     * one without choices (a request that only prefills) counts its prompt as processed then.
     */
    public void awaitAnswer() throws InterruptedException {
        if (belowCacheThreshold) {
            return; // due at its start
        }
        int total = generation.steps();
        for (int i = 0; i < total; i++) {
            tokensDelivered(generation.tokensAt(awaitNextToken()));
        }
        if (total == 0) {
            clock.sleepUntil(nextDeadline);
            if (generation.choices().isEmpty()) {
                listener.onPrefilled(generation.promptTokens());
            }
        } else if (tail) {
            awaitNextToken();
        }
    }

    /**
     * What the client gets of a request the engine aborted ({@link #isAborted()}): the tokens of
     * the steps that fell due before, each choice ending by {@code abort}.
     */
    public Generation abortedAnswer() {
        return generation.abortedAfter(steps);
    }

    /** The steps whose tokens went out (or, not streamed, fell due) so far. */
    public int stepsDelivered() {
        return steps;
    }

    /** The answer was delivered whole. */
    public void finish() {
        ticket.finish();
        if (belowCacheThreshold) {
            end(FinishReason.CACHE_THRESHOLD.value());
            return;
        }
        // vLLM's engine knows only stop, length and abort: a tool call is a stop there, and so is a
        // request that only prefills (vLLM's pooling requests finish as stopped).
        FinishReason reason = generation.choices().isEmpty()
                ? FinishReason.STOP
                : generation.first().finishReason();
        end(reason == FinishReason.LENGTH ? "length" : "stop");
    }

    /**
     * The client went away or the server stops; the place is freed at once. Any thread may call
     * it: the thread serving the request learns of it when it next waits.
     */
    public void cancel() {
        ticket.cancel();
        end("abort");
    }

    private void started(long start) {
        if (firstStart < 0) {
            firstStart = start;
            int prompt = generation.promptTokens();
            double hitRate = prompt == 0 ? 0 : (double) ticket.cachedTokens() / prompt;
            belowCacheThreshold = forceCacheThreshold || hitRate < cacheHitThreshold;
        }
        // Below the threshold, the answer is due at once: no prefill, no token.
        nextDeadline =
                belowCacheThreshold ? start : start + latency.firstTokenNanos(generation, ticket.lastCachedTokens());
    }

    private void end(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        trace = new RequestTrace(
                ticket.arrivalNanos(),
                firstStart,
                firstTokenAt,
                lastTokenAt,
                clock.nanoTime(),
                generation.promptTokens(),
                delivered,
                steps,
                maxTokens,
                generation.choices().size(),
                reason);
        listener.onRequestEnded(trace);
    }
}
