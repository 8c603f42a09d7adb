package io.llmd.sim.bench;

/**
 * What a scenario hears from its connections. All calls come from the event-loop thread. A
 * connection reports each exchange once: either {@link #onComplete} or {@link #onFailure}.
 */
interface Exchange {

    /** The TCP connection is established; a request may be sent. */
    default void onConnected(HttpConnection connection, long nanos) {}

    /** The last byte of the request was handed to the kernel at {@code nanos}. */
    void onWritten(HttpConnection connection, long nanos);

    /**
     * A streamed token event arrived.
     *
     * @param index    0 for the first token of the answer
     * @param nanos    when the read that completed the event returned
     * @param previous when the previous token arrived, or when the request was written for the first
     */
    default void onToken(HttpConnection connection, int index, long nanos, long previous) {}

    /** The whole response arrived; the connection is idle again (or closed if not reusable). */
    void onComplete(HttpConnection connection, long nanos);

    /** The connection broke (refused, reset, closed early, timed out); it is closed. */
    void onFailure(HttpConnection connection, String reason);
}
