package io.llmd.sim.core;

/**
 * Publishes an engine's KV events ({@link #onKvEvent}) to cache-aware routers; it must never
 * block the engine: what cannot be queued is dropped and counted. Closed when the engine stops.
 */
public interface KvEventPublisher extends EngineListener, AutoCloseable {

    @Override
    default boolean wantsKvEvents() {
        return true;
    }

    /** Events dropped because the queue to the publisher was full. */
    long dropped();

    @Override
    void close();

    /**
     * Makes publishers; the web layer finds one with {@link java.util.ServiceLoader}, so that the
     * transport's module (and its libraries) may be left out of a deployment.
     */
    interface Factory {
        /**
         * Opens a publisher: its sockets are bound or connected when this returns.
         *
         * @param options      the events' settings
         * @param defaultTopic the topic when the settings name none: the Go simulator's
         *                     {@code kv@<pod ip>:<port>@<model>}
         */
        KvEventPublisher open(KvEventsOptions options, String defaultTopic);
    }
}
