package io.llmd.sim.api;

import java.nio.charset.StandardCharsets;

/**
 * One streamed answer in a protocol's event shapes, as the SSE loop drives it without knowing the
 * protocol: the loop commits the response and writes {@link #start}, waits for the request's place,
 * then at each step waits for that step's tokens to fall due and writes {@link #step} (the last
 * step followed by {@link #end}) with one write and one flush. The core decides what each step
 * holds (its {@code Generation}); the encoder only says how it looks on the wire.
 * <p>
 * This is the per-token path: an encoder is built for its answer before the stream starts and
 * prepares there whatever does not change within the stream, so that a step appends pieces to
 * the loop's one reused {@link EventBuffer} and allocates nothing.
 */
public interface StreamEncoder {

    /**
     * Steps the stream takes, at least one, since the last one carries the end: one per token of
     * the longest choice, as the core plays them out, or one for an answer without tokens.
     */
    int steps();

    /** Appends what the client gets as soon as the response is committed, before the request runs. */
    void start(EventBuffer out);

    /** Appends the events of step {@code step}, from 0: the tokens due then, of every choice that has one. */
    void step(EventBuffer out, int step);

    /** Appends what ends the stream; it goes out in the same write as the last step's events. */
    void end(EventBuffer out);

    /**
     * Appends what ends a stream whose request the engine aborted (a sleep in abort mode) after
     * {@code stepsDelivered} steps went out, as vLLM ends it: the choices not yet finished end with
     * {@code finish_reason: "abort"}. Returns false when the protocol has no such ending (the
     * stream then ends as {@link #failed} ends it).
     */
    default boolean aborted(EventBuffer out, int stepsDelivered) {
        return false;
    }

    /**
     * Appends what ends a stream that cannot go on once started (an abort the protocol has no
     * ending for): {@code error}, the body of the request's error renderer, as an event, then the
     * stream's terminator. By default OpenAI's: {@code data: ERROR} and {@code data: [DONE]}.
     */
    default void failed(EventBuffer out, byte[] error) {
        out.append("data: ".getBytes(StandardCharsets.US_ASCII))
                .append(error)
                .append("\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Appends the whole stream of a request that started below its cache-hit threshold (the Go
     * simulator's {@code cache_threshold}): one event per choice without a token, ending by
     * {@code cache_threshold}, the usage when asked for, and the stream's end. Returns false when
     * the protocol has no such ending (the stream then ends as an empty answer would).
     */
    default boolean cacheThreshold(EventBuffer out) {
        return false;
    }
}
