package io.llmd.sim.web;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.Run;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A streamed answer, whatever its protocol: commits the 200 at once (with what the encoder sends
 * first), waits for the request's place, then at each step writes the encoder's events for the
 * tokens due, with one write and one flush per step (no flush where the container sends each write
 * at once); the last step's write carries the end of the stream too. One buffer serves every step. A client that goes away frees its place at the next
 * write; a request the engine aborts (a sleep in abort mode) ends as vLLM ends it, with
 * {@code finish_reason: "abort"}.
 * <p>
 * With a {@link Pacer}, the steps that are not due yet are written by the pacer's threads while
 * this thread waits once for the stream to come back (finished, or for this thread to go on: its
 * request preempted, its client stalled); without one, or for steps already due (an answer
 * without latency), this thread sleeps until each step and writes it itself.
 */
final class SseStream implements StreamingOutput {
    private final Run run;
    private final StreamEncoder encoder;
    private final ErrorRenderer errors;
    private final @Nullable Pacer pacer;
    private final NanoClock clock;
    private final boolean flushEachEvent;

    /** A stream this thread writes alone, with OpenAI's error event, flushed after each event. */
    SseStream(Run run, StreamEncoder encoder) {
        this(run, encoder, ErrorRenderers.forPath("/v1"), null, NanoClock.SYSTEM, true);
    }

    /**
     * @param flushEachEvent false where the container sends each write at once: then only the write
     *                       that commits the response is flushed (see {@link StreamDelivery})
     */
    SseStream(
            Run run,
            StreamEncoder encoder,
            ErrorRenderer errors,
            @Nullable Pacer pacer,
            NanoClock clock,
            boolean flushEachEvent) {
        this.run = run;
        this.encoder = encoder;
        this.errors = errors;
        this.pacer = pacer;
        this.clock = clock;
        this.flushEachEvent = flushEachEvent;
    }

    @Override
    public void write(OutputStream out) {
        try {
            EventBuffer event = new EventBuffer();
            encoder.start(event);
            if (event.length() > 0) {
                out.write(event.array(), 0, event.length());
            }
            out.flush();
            run.awaitStart();
            if (run.belowCacheThreshold()) {
                cacheThresholdEnd(out);
                return;
            }
            PacedStream stream = new PacedStream(run, encoder, event, out, flushEachEvent);
            boolean paced = pacer != null;
            while (!stream.done()) {
                if (paced && pacer != null && run.nextTokenDue() > clock.nanoTime()) {
                    switch (pacer.play(stream)) {
                        case FINISHED, GONE -> {
                            return;
                        }
                        case CANCELLED -> {
                            if (run.isAborted()) {
                                abortedEnd(out);
                            }
                            return;
                        }
                        // An aborted request's wait throws, and ends below with its error event.
                        case PREEMPTED -> run.awaitRestart();
                        case STALLED -> paced = false;
                        case PLAYING -> throw new IllegalStateException("the pacer gave back a playing stream");
                    }
                } else {
                    run.awaitNextToken();
                    stream.emit();
                }
            }
        } catch (IOException e) {
            // The client went away: a normal end of a stream, not an error to report.
        } catch (InterruptedException e) {
            if (run.isAborted()) {
                // The engine's abort, not a thread interrupt: the stream ends normally.
                abortedEnd(out);
            }
            // Else the run was cancelled (its client went away, or its exchange ended) or the thread interrupted
            // (the server stops): the stream ends here either way, and the interrupt is not kept. The container
            // finishes the response on this thread once write() returns, and Tomcat refuses to write on an
            // interrupted thread: that write fails, the exchange is left half-ended, and Tomcat then failed a
            // later stream on another connection with the same error. The thread ends with its task.
        } finally {
            if (!run.isEnded()) {
                run.cancel();
            }
        }
    }

    /** The whole stream of a request below its cache-hit threshold at its start: no token, then the end. */
    private void cacheThresholdEnd(OutputStream out) throws IOException {
        EventBuffer end = new EventBuffer();
        if (!encoder.cacheThreshold(end)) {
            encoder.end(end);
        }
        out.write(end.array(), 0, end.length());
        out.flush();
        run.finish();
    }

    /**
     * Ends a stream the engine aborted as vLLM does, its unfinished choices with
     * {@code finish_reason: "abort"}; a protocol without that ending ends as its encoder ends a
     * stream that fails once started, with the error event its renderer writes. A client gone meanwhile is no
     * error to report.
     */
    private void abortedEnd(OutputStream out) {
        try {
            EventBuffer end = new EventBuffer();
            if (!encoder.aborted(end, run.stepsDelivered())) {
                encoder.failed(end, errors.body(503, Responder.aborted().getMessage(), null));
            }
            out.write(end.array(), 0, end.length());
            out.flush();
        } catch (IOException e) {
            // The client went away too.
        }
    }
}
