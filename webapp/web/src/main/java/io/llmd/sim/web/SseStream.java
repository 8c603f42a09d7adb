package io.llmd.sim.web;

import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.Run;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed answer, whatever its protocol: commits the 200 at once (with what the encoder sends
 * first), waits for the request's place, then at each step writes the encoder's events for the
 * tokens due, with one write and one flush per step; the last step's write carries the end of the
 * stream too. One buffer serves every step. A client that goes away frees its place at the next
 * write.
 * <p>
 * With a {@link Pacer}, the steps that are not due yet are written by the pacer's threads while
 * this thread waits once for the stream to come back (finished, or for this thread to go on: its
 * request preempted, its client stalled); without one, or for steps already due (an answer
 * without latency), this thread sleeps until each step and writes it itself.
 */
final class SseStream implements StreamingOutput {
    private final Run run;
    private final StreamEncoder encoder;
    private final Pacer pacer;
    private final NanoClock clock;

    /** A stream this thread writes alone. */
    SseStream(Run run, StreamEncoder encoder) {
        this(run, encoder, null, NanoClock.SYSTEM);
    }

    SseStream(Run run, StreamEncoder encoder, Pacer pacer, NanoClock clock) {
        this.run = run;
        this.encoder = encoder;
        this.pacer = pacer;
        this.clock = clock;
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
            PacedStream stream = new PacedStream(run, encoder, event, out);
            boolean paced = pacer != null;
            while (!stream.done()) {
                if (paced && run.nextTokenDue() > clock.nanoTime()) {
                    switch (pacer.play(stream)) {
                        case FINISHED, GONE, CANCELLED -> {
                            return;
                        }
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
            Thread.currentThread().interrupt();
        } finally {
            if (!run.isEnded()) {
                run.cancel();
            }
        }
    }
}
