package io.llmd.sim.web;

import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Run;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One stream's state between its steps, whichever thread writes the next one: its request's
 * thread, or a {@link Pacer} thread while the request's thread waits for it to be handed back.
 * Only one thread owns it at a time; the hand-over (a concurrent queue, a volatile outcome) orders
 * their accesses. Writing a step allocates nothing: the encoder appends to the stream's one buffer.
 */
final class PacedStream {
    /** Why the pacer gave the stream back to its request's thread. */
    enum Outcome {
        /** Still with the pacer. */
        PLAYING,
        /** Every step went out and the run finished. */
        FINISHED,
        /** A write failed: the client went away; the run was cancelled. */
        GONE,
        /** The request lost its place (preempted or cancelled): its thread waits for it again. */
        PREEMPTED,
        /** A write blocked: the client does not read; its own thread writes the rest. */
        STALLED,
        /** The request's thread asked for it back (it was interrupted); the run was cancelled. */
        CANCELLED
    }

    private final Run run;
    private final StreamEncoder encoder;
    private final Generation generation;
    private final EventBuffer event;
    private final OutputStream out;
    private final boolean flushEachEvent;
    private final int steps;
    private int step;
    /** The request's thread, woken when the pacer gives the stream back. */
    private @Nullable Thread owner;

    private volatile Outcome outcome = Outcome.PLAYING;
    private volatile boolean recalled;

    PacedStream(Run run, StreamEncoder encoder, EventBuffer event, OutputStream out, boolean flushEachEvent) {
        this.run = run;
        this.encoder = encoder;
        this.generation = run.generation();
        this.event = event;
        this.out = out;
        this.flushEachEvent = flushEachEvent;
        this.steps = encoder.steps();
    }

    Run run() {
        return run;
    }

    boolean done() {
        return step == steps;
    }

    /**
     * Writes the next step, whose token the caller has taken from the run, with one write and (unless
     * the container sends each write at once) one flush; the last step carries the end of the
     * stream. Counts the step's tokens as delivered.
     * After the last step the run is finished.
     */
    void emit() throws IOException {
        event.reset();
        encoder.step(event, step);
        boolean last = step == steps - 1;
        if (last) {
            encoder.end(event);
        }
        out.write(event.array(), 0, event.length());
        if (flushEachEvent) {
            out.flush();
        }
        int tokens = generation.tokensAt(step);
        if (tokens > 0) {
            run.tokensDelivered(tokens);
        }
        step++;
        if (last) {
            run.finish();
        }
    }

    // The request's side of the hand-over.

    /** Before handing the stream to the pacer. */
    void handOver() {
        owner = Thread.currentThread();
        outcome = Outcome.PLAYING;
        recalled = false;
    }

    /**
     * Waits until the pacer gives the stream back, and says why. An interrupt asks for the stream
     * back (the server stops): the pacer cancels the run when the stream next falls due, and only
     * then does this return, so that no pacer thread writes to a response that has ended. The
     * interrupt is not kept, as in {@link SseStream}: the container ends the response on this
     * thread, and a container may refuse to write on an interrupted one.
     */
    Outcome awaitReturn() {
        Outcome now;
        while ((now = outcome) == Outcome.PLAYING) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                recalled = true;
                // The place is freed now; the pacer drops the stream at its next deadline.
                run.cancel();
            }
        }
        return now;
    }

    // The pacer's side.

    boolean recalled() {
        return recalled;
    }

    /** Gives the stream back to its request's thread. */
    void giveBack(Outcome why) {
        outcome = why;
        LockSupport.unpark(owner);
    }
}
