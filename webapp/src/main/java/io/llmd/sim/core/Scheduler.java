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

/**
 * vLLM's admission rules: at most {@code maxNumSeqs} requests run at once and the rest wait in
 * FIFO order; a running batch holds at most {@code maxLoras} distinct adapters, so a request for
 * another adapter waits while later requests that fit go ahead; at most {@code maxCpuLoras}
 * adapters stay loaded, the least recently used one being dropped first.
 */
public final class Scheduler {
    private final int maxNumSeqs;
    private final int maxLoras;
    private final int maxCpuLoras;
    private final NanoClock clock;
    private final SchedulerListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final SequencedSet<Ticket> waiting = new LinkedHashSet<>();
    private final Map<String, Integer> runningLoras = new TreeMap<>();
    private final Map<String, Integer> waitingLoras = new TreeMap<>();
    /** Loaded adapters, least recently used first. */
    private final LinkedHashMap<String, Boolean> loaded = new LinkedHashMap<>(16, 0.75f, true);
    private int running;
    private List<String> lastRunningLoras = List.of();
    private List<String> lastWaitingLoras = List.of();

    public Scheduler(int maxNumSeqs, int maxLoras, int maxCpuLoras, NanoClock clock, SchedulerListener listener) {
        this.maxNumSeqs = maxNumSeqs;
        this.maxLoras = maxLoras;
        this.maxCpuLoras = maxCpuLoras;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Queues a request and starts it at once if it fits.
     *
     * @param lora         the adapter it runs on, or null for the base model
     * @param arrivalNanos when it arrived, on the scheduler's clock
     */
    public Ticket submit(String lora, long arrivalNanos) {
        Ticket ticket = new Ticket(this, lora, arrivalNanos);
        lock.lock();
        try {
            waiting.add(ticket);
            if (lora != null) {
                waitingLoras.merge(lora, 1, Integer::sum);
            }
            dispatch(ticket);
            notifyListener();
        } finally {
            lock.unlock();
        }
        return ticket;
    }

    void release(Ticket ticket) {
        lock.lock();
        try {
            switch (ticket.state()) {
                case WAITING -> {
                    waiting.remove(ticket);
                    decrement(waitingLoras, ticket.lora());
                }
                case RUNNING -> {
                    running--;
                    decrement(runningLoras, ticket.lora());
                }
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

    /** Adapters loaded now, least recently used first. */
    public List<String> loadedLoras() {
        lock.lock();
        try {
            return List.copyOf(loaded.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Requests running now. */
    public int running() {
        lock.lock();
        try {
            return running;
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

    /**
     * Starts waiting requests in FIFO order while there is room, skipping those whose adapter
     * cannot join the batch. A request started by the call that submitted it starts at its
     * arrival; any other starts now.
     */
    private void dispatch(Ticket submitted) {
        if (running >= maxNumSeqs || waiting.isEmpty()) {
            return;
        }
        long now = 0;
        boolean nowRead = false;
        Iterator<Ticket> it = waiting.iterator();
        while (it.hasNext() && running < maxNumSeqs) {
            Ticket ticket = it.next();
            String lora = ticket.lora();
            if (lora != null && !runningLoras.containsKey(lora) && runningLoras.size() >= maxLoras) {
                continue;
            }
            it.remove();
            if (lora != null) {
                decrement(waitingLoras, lora);
                runningLoras.merge(lora, 1, Integer::sum);
                load(lora);
            }
            running++;
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

    private void load(String lora) {
        if (loaded.put(lora, Boolean.TRUE) != null) {
            return;
        }
        Iterator<String> lru = loaded.keySet().iterator();
        while (loaded.size() > maxCpuLoras && lru.hasNext()) {
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
        listener.onChange(running, waiting.size(), runningNow, waitingNow, changed);
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        if (key != null) {
            counts.computeIfPresent(key, (k, v) -> v == 1 ? null : v - 1);
        }
    }

    /** A snapshot for logs and tests. */
    @Override
    public String toString() {
        lock.lock();
        try {
            List<String> loras = new ArrayList<>(runningLoras.keySet());
            return "Scheduler[running=" + running + ", waiting=" + waiting.size() + ", runningLoras=" + loras + "]";
        } finally {
            lock.unlock();
        }
    }
}
