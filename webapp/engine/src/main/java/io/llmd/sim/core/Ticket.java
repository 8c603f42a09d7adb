package io.llmd.sim.core;

import java.util.List;
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
    /** Whether the engine ended it (a sleep in abort mode) rather than whoever serves it. */
    private volatile boolean aborted;
    /** Tokens the request has (prompt and generated), the KV-cache blocks it holds, and their room in tokens. */
    private volatile int usedTokens;

    private volatile List<BlockPool.Block> blocks = List.of();
    private volatile int capacity;
    /** Leading blocks of the request's tokens that are cached now (under the scheduler's lock). */
    private int cachedBlocks;

    private final int promptTokens;
    private final @Nullable PromptBlocks prompt;
    /** Prompt tokens found in the prefix cache when it first started, and when it last started; -1 before. */
    private volatile int cachedTokens = -1;

    private volatile int lastCachedTokens;

    Ticket(
            Scheduler scheduler,
            @Nullable String lora,
            long arrivalNanos,
            int promptTokens,
            @Nullable PromptBlocks prompt) {
        this.scheduler = scheduler;
        this.lora = lora;
        this.arrivalNanos = arrivalNanos;
        this.usedTokens = promptTokens;
        this.promptTokens = promptTokens;
        this.prompt = prompt;
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
     * Prompt tokens the prefix cache held when the request first started, as vLLM reports them
     * ({@code usage.prompt_tokens_details.cached_tokens}); 0 before it started.
     */
    public int cachedTokens() {
        return Math.max(0, cachedTokens);
    }

    /** Prompt tokens the prefix cache held when the request last started: its prefill skips them. */
    public int lastCachedTokens() {
        return lastCachedTokens;
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
        return blocks.size();
    }

    List<BlockPool.Block> heldBlocks() {
        return blocks;
    }

    @Nullable
    PromptBlocks prompt() {
        return prompt;
    }

    int promptTokens() {
        return promptTokens;
    }

    int cachedBlocks() {
        return cachedBlocks;
    }

    void cachedBlocks(int blocks) {
        cachedBlocks = blocks;
    }

    /** Records the blocks granted for {@code tokens} tokens. */
    void hold(int tokens, List<BlockPool.Block> held, int blockSize) {
        usedTokens = tokens;
        blocks = List.copyOf(held);
        capacity = held.size() * blockSize;
    }

    /** Records the prefix-cache hit of a start; returns whether it is the first start. */
    boolean hit(int tokens) {
        lastCachedTokens = tokens;
        if (cachedTokens < 0) {
            cachedTokens = tokens;
            return true;
        }
        return false;
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
        blocks = List.of();
        capacity = 0;
    }

    /** Whether the engine aborted the request (see {@link Scheduler.InFlight#ABORT}). */
    public boolean isAborted() {
        return aborted;
    }

    /** Ends the ticket on the engine's behalf: its serving thread learns so at its next wait. */
    void abort() {
        aborted = true;
        done();
    }

    /** Ends the ticket; a thread still waiting for it to start wakes up and learns it never will. */
    void done() {
        state = State.DONE;
        blocks = List.of();
        capacity = 0;
        started.countDown();
    }
}
