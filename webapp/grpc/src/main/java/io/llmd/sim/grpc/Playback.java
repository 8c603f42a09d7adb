package io.llmd.sim.grpc;

import io.llmd.sim.core.Run;
import org.jspecify.annotations.Nullable;

/**
 * One admitted gRPC request as the thread that plays it out and the calls that may end it see it:
 * an {@code Abort} of its id or the client's cancel frees its place at once and wakes the thread
 * from its wait, which then ends the call as the cause asks.
 */
final class Playback {
    private final Run run;
    private @Nullable Thread player;
    private boolean aborted;
    private boolean cancelled;
    private boolean done;

    Playback(Run run) {
        this.run = run;
    }

    Run run() {
        return run;
    }

    /** The calling thread plays the request out from now on; false if it was ended before. */
    synchronized boolean attach() {
        if (aborted || cancelled) {
            return false;
        }
        player = Thread.currentThread();
        return true;
    }

    /**
     * The thread is done waiting: no abort reaches it from now on (a wake-up that raced with the
     * end is cleared). Returns whether the request was aborted.
     */
    synchronized boolean detach() {
        player = null;
        done = true;
        Thread.interrupted();
        return aborted || run.isAborted();
    }

    /** vLLM's {@code Abort}: the request ends with finish reason {@code abort}. */
    synchronized void abort() {
        end(true);
    }

    /** The client went away: the request ends without an answer. */
    synchronized void cancel() {
        end(false);
    }

    /** Whether the request was aborted (as opposed to its client gone or the server stopping). */
    synchronized boolean aborted() {
        return aborted || run.isAborted();
    }

    private void end(boolean abort) {
        if (done) {
            return;
        }
        if (abort) {
            aborted = true;
        } else {
            cancelled = true;
        }
        // The place and the metrics are freed now, not when the thread next wakes.
        run.cancel();
        if (player != null) {
            player.interrupt();
        }
    }
}
