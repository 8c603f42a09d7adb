package io.llmd.sim.core;

import java.util.List;

/** Told of every change in what runs and what waits; called under the scheduler's lock, so it must be quick. */
public interface SchedulerListener {

    /**
     * Called after each change.
     *
     * @param running      requests running now
     * @param waiting      requests waiting now
     * @param runningLoras adapters with a running request, sorted
     * @param waitingLoras adapters with a waiting request, sorted
     * @param lorasChanged whether either adapter list differs from the previous call
     * @param usedBlocks   KV-cache blocks held by running requests
     */
    void onChange(
            int running,
            int waiting,
            List<String> runningLoras,
            List<String> waitingLoras,
            boolean lorasChanged,
            int usedBlocks);

    /** A running request was sent back to the waiting queue to free KV-cache blocks. */
    default void onPreemption() {}

    /**
     * A request started for the first time and looked its prompt up in the prefix cache (only
     * with prefix caching on): vLLM's prefix-cache queries and hits, in tokens.
     */
    default void onPrefixCacheQuery(int promptTokens, int cachedTokens) {}

    /** The prefix cache stored or evicted blocks, for KV-event publishers. */
    default void onKvEvent(KvEvent event) {}

    /**
     * Whether this listener is told of KV events; an engine whose listeners all say no builds
     * none (each stored block would otherwise cost its event's lists on the request path).
     */
    default boolean wantsKvEvents() {
        return false;
    }
}
