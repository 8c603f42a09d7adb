package io.llmd.sim.core;

import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * One request's place in the {@link Scheduler}: it waits, runs (and may be preempted back to
 * waiting when the KV cache runs out), and is done. Whoever serves the request ends the ticket
 * exactly once, with {@link #finish()} or {@link #cancel()}; ending it again does nothing.
 */
public final class Ticket {
    enum State {
        WAITING,
        RUNNING,
        DONE
    }

    private final Scheduler scheduler;
    private final @Nullable String lora;
    private final long arrivalNanos;
    private volatile State state = State.WAITING;
    private volatile CountDownLatch started = new CountDownLatch(1);
    private volatile long startNanos;
    private volatile boolean ran;
    /** Tokens the request has (prompt and generated), the KV-cache blocks it holds, and their room in tokens. */
    private volatile int usedTokens;

    private volatile int blocks;
    private volatile int capacity;

    Ticket(Scheduler scheduler, @Nullable String lora, long arrivalNanos, int promptTokens) {
        this.scheduler = scheduler;
        this.lora = lora;
        this.arrivalNanos = arrivalNanos;
        this.usedTokens = promptTokens;
    }

    /** The adapter this request runs on, or null for the base model. */
    public @Nullable String lora() {
        return lora;
    }

    public long arrivalNanos() {
        return arrivalNanos;
    }

    /**
     * Blocks until the request runs, and returns when it (last) started: its arrival if it never
     * waited. After the ticket ended, returns at once when it had run.
     *
     * @throws InterruptedException if the thread is interrupted, or the ticket ended before it ran
     */
    public long awaitStart() throws InterruptedException {
        while (true) {
            started.await();
            State now = state;
            if (now == State.RUNNING || (now == State.DONE && ran)) {
                return startNanos;
            }
            if (now == State.DONE) {
                throw new InterruptedException("the request ended before it ran");
            }
        }
    }

    /** Whether the ticket has ended: finished, or cancelled by whoever serves it or by a client gone away. */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** Whether the request has started running (it may have ended since). */
    public boolean isStarted() {
        return ran;
    }

    /**
     * Makes room in the KV cache for {@code totalTokens} (prompt and generated) before the next
     * token. Returns false when the request is no longer running: it was preempted, now or
     * earlier, and must {@link #awaitStart()} again.
     */
    public boolean grow(int totalTokens) {
        if (state == State.RUNNING && totalTokens <= capacity) {
            usedTokens = totalTokens;
            return true;
        }
        return scheduler.grow(this, totalTokens);
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

    int usedTokens() {
        return usedTokens;
    }

    int blocks() {
        return blocks;
    }

    /** Records the blocks granted for {@code tokens} tokens. */
    void hold(int tokens, int heldBlocks, int blockSize) {
        usedTokens = tokens;
        blocks = heldBlocks;
        capacity = heldBlocks * blockSize;
    }

    void start(long nanos) {
        startNanos = nanos;
        ran = true;
        state = State.RUNNING;
        started.countDown();
    }

    /** Back to waiting: the thread serving it learns so at its next {@link #grow}. */
    void preempt() {
        started = new CountDownLatch(1);
        state = State.WAITING;
        blocks = 0;
        capacity = 0;
    }

    /** Ends the ticket; a thread still waiting for it to start wakes up and learns it never will. */
    void done() {
        state = State.DONE;
        blocks = 0;
        capacity = 0;
        started.countDown();
    }
}
