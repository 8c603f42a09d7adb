package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * vLLM's admission rules: at most {@code maxNumSeqs} requests run at once and the rest wait in
 * FIFO order, at most {@code maxWaiting} of them; a running batch holds at most {@code maxLoras}
 * distinct adapters, so a request for another adapter waits while later requests that fit go
 * ahead; at most {@code maxCpuLoras} adapters stay loaded, the least recently used one dropped
 * first. A running request holds ceil(tokens / block size) KV-cache blocks, growing as it
 * generates; a request whose blocks are not free waits, and when a running request cannot grow
 * the newest running request is preempted back to the front of the queue. With prefix caching
 * ({@link BlockPool}), a starting request takes the leading run of its prompt's blocks that are
 * cached instead of new ones, but always computes its last prompt token, as vLLM does.
 */
public final class Scheduler {
    /** The limits the scheduler enforces. */
    public record Limits(
            int maxNumSeqs, int maxWaiting, int maxLoras, int maxCpuLoras, int kvCacheBlocks, int blockSize) {

        static Limits of(SimConfig config) {
            return new Limits(
                    config.maxNumSeqs(),
                    config.maxWaitingQueueLength(),
                    config.maxLoras(),
                    config.maxCpuLoras(),
                    config.kvCacheBlocks(),
                    config.blockSize());
        }
    }

    private final Limits limits;
    private final NanoClock clock;
    private final SchedulerListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final SequencedSet<Ticket> waiting = new LinkedHashSet<>();
    /** Running requests, oldest start first: the last one is preempted first. */
    private final SequencedSet<Ticket> running = new LinkedHashSet<>();

    private final Map<String, Integer> runningLoras = new TreeMap<>();
    private final Map<String, Integer> waitingLoras = new TreeMap<>();
    /** Loaded adapters, least recently used first. */
    private final LinkedHashMap<String, Boolean> loaded = new LinkedHashMap<>(16, 0.75f, true);

    private final BlockPool pool;
    /** While paused (a sleeping engine) nothing starts: new requests queue until {@link #resume()}. */
    private boolean paused;

    private List<String> lastRunningLoras = List.of();
    private List<String> lastWaitingLoras = List.of();

    /** A scheduler whose KV cache counts blocks and caches none. */
    public Scheduler(Limits limits, NanoClock clock, SchedulerListener listener) {
        this(limits, false, clock, listener);
    }

    /**
     * @param prefixCaching whether finished requests' full prompt blocks stay cached for later prompts
     */
    public Scheduler(Limits limits, boolean prefixCaching, NanoClock clock, SchedulerListener listener) {
        this.limits = limits;
        this.clock = clock;
        this.listener = listener;
        this.pool = new BlockPool(
                limits.kvCacheBlocks(), prefixCaching, listener.wantsKvEvents() ? listener::onKvEvent : null);
    }

    /** A scheduler with room for every prompt in its KV cache (for callers that do not model it). */
    public Scheduler(int maxNumSeqs, int maxLoras, int maxCpuLoras, NanoClock clock, SchedulerListener listener) {
        this(new Limits(maxNumSeqs, Integer.MAX_VALUE, maxLoras, maxCpuLoras, Integer.MAX_VALUE, 1), clock, listener);
    }

    /**
     * Queues a request and starts it at once if it fits.
     *
     * @param lora         the adapter it runs on, or null for the base model
     * @param arrivalNanos when it arrived, on the scheduler's clock
     * @param promptTokens its prompt's length, which its first KV-cache blocks hold
     * @throws SimException RATE_LIMITED when it would have to wait and the waiting queue is full
     */
    public Ticket submit(@Nullable String lora, long arrivalNanos, int promptTokens) {
        return submit(lora, arrivalNanos, promptTokens, null);
    }

    /**
     * {@link #submit(String, long, int)} for a prompt whose full blocks the prefix cache may hold.
     *
     * @param prompt its blocks and their hashes, or null for a prompt that is not cached
     */
    public Ticket submit(@Nullable String lora, long arrivalNanos, int promptTokens, @Nullable PromptBlocks prompt) {
        Ticket ticket = new Ticket(this, lora, arrivalNanos, promptTokens, prompt);
        lock.lock();
        try {
            waiting.add(ticket);
            if (lora != null) {
                waitingLoras.merge(lora, 1, Integer::sum);
            }
            dispatch(ticket);
            if (ticket.state() == Ticket.State.WAITING && waiting.size() > limits.maxWaiting()) {
                waiting.remove(ticket);
                decrement(waitingLoras, lora);
                ticket.done();
                throw new SimException(
                        ErrorKind.RATE_LIMITED,
                        "The server is busy: its waiting queue holds " + limits.maxWaiting()
                                + " requests already. Retry later.",
                        null);
            }
            notifyListener();
        } finally {
            lock.unlock();
        }
        return ticket;
    }

    /** {@link #submit(String, long, int)} for a request whose prompt is not counted. */
    public Ticket submit(@Nullable String lora, long arrivalNanos) {
        return submit(lora, arrivalNanos, 0, null);
    }

    void release(Ticket ticket) {
        lock.lock();
        try {
            switch (ticket.state()) {
                case WAITING -> {
                    waiting.remove(ticket);
                    decrement(waitingLoras, ticket.lora());
                }
                case RUNNING -> stopRunning(ticket);
                case DONE -> {
                    return;
                }
            }
            ticket.done();
            dispatch(null);
            notifyListener();
        } finally {
            lock.unlock();
        }
    }

    /** Grants blocks for {@code totalTokens}, preempting the newest running requests if needed. */
    boolean grow(Ticket ticket, int totalTokens) {
        lock.lock();
        try {
            if (ticket.state() != Ticket.State.RUNNING) {
                return false;
            }
            int need = blocksFor(totalTokens);
            boolean changed = false;
            while (need - ticket.blocks() > freeBlocks() && ticket.state() == Ticket.State.RUNNING) {
                preempt(running.getLast());
                changed = true;
            }
            if (ticket.state() == Ticket.State.RUNNING) {
                int extra = Math.max(0, need - ticket.blocks());
                List<BlockPool.Block> held = ticket.heldBlocks();
                if (extra > 0) {
                    held = new ArrayList<>(held);
                    held.addAll(pool.allocate(extra));
                }
                ticket.hold(totalTokens, held, limits.blockSize());
                changed |= extra > 0;
                // The tokens before the one now generated are computed: the blocks they fill are cached.
                int full = (totalTokens - 1) / limits.blockSize();
                if (full > ticket.cachedBlocks()) {
                    pool.cacheComputed(ticket.prompt(), held, ticket.cachedBlocks(), full);
                    ticket.cachedBlocks(full);
                }
            }
            boolean stillRunning = ticket.state() == Ticket.State.RUNNING;
            if (changed) {
                // A request that preempted itself waits until the next release, as vLLM's does until the next step.
                if (stillRunning) {
                    dispatch(null);
                }
                notifyListener();
            }
            return stillRunning;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops starting requests, as vLLM's paused scheduler does; requests that arrive meanwhile
     * queue (within the waiting limit). What happens to the requests already admitted is
     * {@code inFlight}'s choice.
     */
    public void pause(InFlight inFlight) {
        lock.lock();
        try {
            paused = true;
            switch (inFlight) {
                case ABORT -> {
                    // Their serving threads learn of it at their next wait and end them as aborted.
                    for (Ticket ticket : List.copyOf(running)) {
                        stopRunning(ticket);
                        ticket.abort();
                    }
                    for (Ticket ticket : List.copyOf(waiting)) {
                        waiting.remove(ticket);
                        decrement(waitingLoras, ticket.lora());
                        ticket.abort();
                    }
                }
                case KEEP -> {
                    // Frozen: back to the front of the queue, newest last, to go on after resume().
                    for (Ticket ticket : List.copyOf(running).reversed()) {
                        stopRunning(ticket);
                        ticket.preempt();
                        waiting.addFirst(ticket);
                        if (ticket.lora() != null) {
                            waitingLoras.merge(ticket.lora(), 1, Integer::sum);
                        }
                    }
                }
                case WAIT -> {
                    // Running requests finish; only new starts stop.
                }
            }
            notifyListener();
        } finally {
            lock.unlock();
        }
    }

    /** Starts requests again after {@link #pause}, the queued ones first. */
    public void resume() {
        lock.lock();
        try {
            paused = false;
            dispatch(null);
            notifyListener();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the scheduler is paused. */
    public boolean isPaused() {
        lock.lock();
        try {
            return paused;
        } finally {
            lock.unlock();
        }
    }

    /** What a pause does to the requests already admitted (vLLM's pause modes). */
    public enum InFlight {
        /** They end at once, as aborted. */
        ABORT,
        /** They run to their end; nothing new starts. */
        WAIT,
        /** They stop where they are and go on after the resume. */
        KEEP
    }

    /** Adapters loaded now, least recently used first. */
    public List<String> loadedLoras() {
        lock.lock();
        try {
            return List.copyOf(loaded.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Forgets an adapter that was unloaded; requests already running on it go on. */
    public void unload(String lora) {
        lock.lock();
        try {
            if (!runningLoras.containsKey(lora)) {
                loaded.remove(lora);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Requests running now. */
    public int running() {
        lock.lock();
        try {
            return running.size();
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting now. */
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** KV-cache blocks held now by running requests (cached blocks no request holds are free). */
    public int usedBlocks() {
        lock.lock();
        try {
            return pool.usedBlocks();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops every cached prefix (vLLM's reset of the prefix cache, as sleeping does): later
     * prompts find nothing cached; running requests keep their blocks.
     */
    public void clearPrefixCache() {
        lock.lock();
        try {
            pool.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts waiting requests in FIFO order while there is room, skipping those whose adapter
     * cannot join the batch and stopping at the first whose KV-cache blocks are not free. A
     * request started by the call that submitted it starts at its arrival; any other starts now.
     */
    private void dispatch(@Nullable Ticket submitted) {
        if (paused) {
            return;
        }
        long now = 0;
        boolean nowRead = false;
        Iterator<Ticket> it = waiting.iterator();
        while (it.hasNext() && running.size() < limits.maxNumSeqs()) {
            Ticket ticket = it.next();
            String lora = ticket.lora();
            if (lora != null && !runningLoras.containsKey(lora) && runningLoras.size() >= limits.maxLoras()) {
                continue;
            }
            int need = blocksFor(ticket.usedTokens());
            // The last token is always computed, for its logits: a whole-prompt hit stops a block short.
            List<BlockPool.Block> hit = pool.hit(ticket.prompt(), (ticket.usedTokens() - 1) / limits.blockSize());
            if (pool.toTake(hit, need) > freeBlocks()) {
                break;
            }
            it.remove();
            if (lora != null) {
                decrement(waitingLoras, lora);
                runningLoras.merge(lora, 1, Integer::sum);
                load(lora);
            }
            running.add(ticket);
            int full = ticket.usedTokens() / limits.blockSize();
            ticket.hold(
                    ticket.usedTokens(), pool.start(ticket.prompt(), hit, need - hit.size(), full), limits.blockSize());
            ticket.cachedBlocks(Math.max(hit.size(), Math.min(need, full)));
            int hitTokens = hit.size() * limits.blockSize();
            if (ticket.hit(hitTokens) && pool.caching()) {
                listener.onPrefixCacheQuery(ticket.promptTokens(), hitTokens);
            }
            if (ticket == submitted) {
                ticket.start(ticket.arrivalNanos());
            } else {
                if (!nowRead) {
                    now = clock.nanoTime();
                    nowRead = true;
                }
                ticket.start(now);
            }
        }
    }

    private void preempt(Ticket victim) {
        stopRunning(victim);
        victim.preempt();
        waiting.addFirst(victim);
        if (victim.lora() != null) {
            waitingLoras.merge(victim.lora(), 1, Integer::sum);
        }
        listener.onPreemption();
    }

    private void stopRunning(Ticket ticket) {
        running.remove(ticket);
        pool.release(ticket.heldBlocks());
        decrement(runningLoras, ticket.lora());
    }

    private int freeBlocks() {
        return pool.freeBlocks();
    }

    private int blocksFor(int tokens) {
        return Math.max(1, (tokens + limits.blockSize() - 1) / limits.blockSize());
    }

    private void load(String lora) {
        if (loaded.put(lora, Boolean.TRUE) != null) {
            return;
        }
        Iterator<String> lru = loaded.keySet().iterator();
        while (loaded.size() > limits.maxCpuLoras() && lru.hasNext()) {
            String candidate = lru.next();
            if (!runningLoras.containsKey(candidate)) {
                lru.remove();
            }
        }
    }

    private void notifyListener() {
        List<String> runningNow = List.copyOf(runningLoras.keySet());
        List<String> waitingNow = List.copyOf(waitingLoras.keySet());
        boolean changed = !runningNow.equals(lastRunningLoras) || !waitingNow.equals(lastWaitingLoras);
        lastRunningLoras = runningNow;
        lastWaitingLoras = waitingNow;
        listener.onChange(running.size(), waiting.size(), runningNow, waitingNow, changed, pool.usedBlocks());
    }

    private static void decrement(Map<String, Integer> counts, @Nullable String key) {
        if (key != null) {
            counts.computeIfPresent(key, (k, v) -> v == 1 ? null : v - 1);
        }
    }
}
