package io.llmd.sim.core;

import java.util.concurrent.CountDownLatch;

/**
 * One request's place in the {@link Scheduler}: it waits, then runs, then is done. Whoever
 * serves the request must end the ticket exactly once, with {@link #finish()} or
 * {@link #cancel()}; ending it again does nothing.
 */
public final class Ticket {
    enum State { WAITING, RUNNING, DONE }

    private final Scheduler scheduler;
    private final String lora;
    private final long arrivalNanos;
    private final CountDownLatch started = new CountDownLatch(1);
    private State state = State.WAITING;
    private volatile long startNanos;
    private volatile boolean ran;

    Ticket(Scheduler scheduler, String lora, long arrivalNanos) {
        this.scheduler = scheduler;
        this.lora = lora;
        this.arrivalNanos = arrivalNanos;
    }

    /** The adapter this request runs on, or null for the base model. */
    public String lora() {
        return lora;
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }

    /**
     * Blocks until the request runs, and returns when it started: its arrival if it never waited.
     *
     * @throws InterruptedException if the thread is interrupted, or the ticket ended before it ran
     */
    public long awaitStart() throws InterruptedException {
        started.await();
        if (!ran) {
            throw new InterruptedException("the request ended before it ran");
        }
        return startNanos;
    }

    /** Whether the request has started running (it may have ended since). */
    public boolean isStarted() {
        return ran;
    }

    /** The request has produced its answer: its place goes to the next one. */
    public void finish() {
        scheduler.release(this);
    }

    /** The client went away or the server stops: the place, running or waiting, is freed at once. */
    public void cancel() {
        scheduler.release(this);
    }

    // Called by the scheduler under its lock.
    State state() {
        return state;
    }

    void start(long nanos) {
        state = State.RUNNING;
        startNanos = nanos;
        ran = true;
        started.countDown();
    }

    /** Ends the ticket; a thread still waiting for it to start wakes up and learns it never will. */
    void done() {
        state = State.DONE;
        started.countDown();
    }
}
