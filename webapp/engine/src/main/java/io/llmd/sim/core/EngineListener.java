package io.llmd.sim.core;

import java.util.List;

/**
 * What an engine tells the world while it works: the port through which metrics, logs and, later,
 * event publishers learn of it, so that the core names none of them. The scheduler's calls
 * ({@link #onChange}, {@link #onPreemption}) come under its lock and the others from the thread
 * serving the request: each must be quick and must not block. Every method does nothing unless
 * overridden, so that a listener names only what it needs.
 */
public interface EngineListener extends SchedulerListener {

    @Override
    default void onChange(
            int running,
            int waiting,
            List<String> runningLoras,
            List<String> waitingLoras,
            boolean lorasChanged,
            int usedBlocks) {}

    /** A request's prefill is done (its first token is out): its {@code promptTokens} count as processed. */
    default void onPrefilled(int promptTokens) {}

    /**
     * One step of a request went out: {@code tokens} tokens over its choices, {@code gapNanos}
     * after its step before; the first step has no step before, and its gap means nothing.
     */
    default void onTokensDelivered(long gapNanos, boolean first, int tokens) {}

    /** A request ended, finished or cancelled; it is called once per admitted request. */
    default void onRequestEnded(RequestTrace trace) {}
}
