package io.llmd.sim.web;

import io.llmd.sim.core.NanoClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Writes the tokens of many streams from a few platform threads, instead of one sleeping thread
 * per stream: each thread (a lane) keeps its streams in a queue ordered by their next deadline,
 * sleeps until the earliest one, and then writes every event due, one write and one flush each,
 * before it sleeps again. A token costs a write, not a wake-up of its own.
 * <p>
 * A client that stops reading would block its write, and with it every stream of the lane: a
 * watchdog notices a write that lasts longer than the stall time, starts a new thread for the
 * lane, and the blocked thread, once its write returns, gives that stream back to its request's
 * thread, which writes the rest on its own. Threads start when streams come and end when none
 * has come for a while, so an idle server, or a WAR undeployed, holds none.
 */
final class Pacer {
    private static final Logger LOG = Logger.getLogger(Pacer.class.getName());
    /** How long a lane's thread or the watchdog waits for new streams before it ends. */
    private static final long LINGER_NANOS = Duration.ofSeconds(2).toNanos();

    private final NanoClock clock;
    private final Lane[] lanes;
    private final long stallNanos;
    private final AtomicInteger playing = new AtomicInteger();
    private final AtomicReference<@Nullable Thread> watchdog = new AtomicReference<>();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicLong stalls = new AtomicLong();
    private volatile boolean closed;

    Pacer(NanoClock clock, int lanes, Duration stall) {
        if (lanes < 1) {
            throw new IllegalArgumentException("a pacer needs at least one lane");
        }
        this.clock = clock;
        this.stallNanos = stall.toNanos();
        this.lanes = new Lane[lanes];
        for (int i = 0; i < lanes; i++) {
            this.lanes[i] = new Lane(i);
        }
    }

    /** A lane per two CPUs: writing is cheap, the rest of the server needs the CPUs more. */
    static Pacer forThisMachine(NanoClock clock) {
        return new Pacer(clock, Math.max(1, Runtime.getRuntime().availableProcessors() / 2), Duration.ofMillis(20));
    }

    /**
     * Plays the stream's steps as they fall due, from the run's next deadline on, and returns when
     * the pacer gives it back: finished, its client gone, its request preempted, its client
     * stalled, or the calling thread interrupted.
     */
    PacedStream.Outcome play(PacedStream stream) {
        if (closed) {
            return PacedStream.Outcome.CANCELLED;
        }
        stream.handOver();
        Lane lane =
                lanes.length == 1 ? lanes[0] : lanes[ThreadLocalRandom.current().nextInt(lanes.length)];
        playing.incrementAndGet();
        lane.submit(stream);
        ensureWatchdog();
        return stream.awaitReturn();
    }

    /**
     * Ends the pacer's threads when the application stops (a servlet container checks that a
     * WAR leaves none behind): the streams still playing are cancelled and given back. A thread
     * blocked in a stalled write ends when its write does.
     */
    void close() {
        closed = true;
        List<Thread> running = new ArrayList<>();
        for (Lane lane : lanes) {
            Thread thread = lane.worker.get();
            if (thread != null) {
                running.add(thread);
                LockSupport.unpark(thread);
            }
        }
        Thread watching = watchdog.get();
        if (watching != null) {
            running.add(watching);
            LockSupport.unpark(watching);
        }
        try {
            for (Thread thread : running) {
                thread.join(1_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs the 1st, 10th, 100th... stall: enough to see them happen, not a line per client. */
    private static boolean isPowerOfTen(long count) {
        long power = 1;
        while (power < count) {
            power *= 10;
        }
        return power == count;
    }

    /** Writes found stalled so far: each moved its stream off the pacer. */
    long stalls() {
        return stalls.get();
    }

    /** Pacer threads alive now: lanes' threads, blocked ones and the watchdog. */
    int threads() {
        return threads.get();
    }

    private void ensureWatchdog() {
        if (watchdog.get() == null) {
            Thread thread =
                    Thread.ofPlatform().daemon().name("sim-pacer-watchdog").unstarted(this::watch);
            if (watchdog.compareAndSet(null, thread)) {
                threads.incrementAndGet();
                thread.start();
            }
        }
    }

    /** Every half stall time, looks for a lane whose thread has been in the same write since the last look. */
    private void watch() {
        Thread me = Thread.currentThread();
        long idleSince = clock.nanoTime();
        try {
            while (!closed) {
                LockSupport.parkNanos(stallNanos / 2);
                for (Lane lane : lanes) {
                    lane.checkStall();
                }
                long now = clock.nanoTime();
                if (playing.get() > 0) {
                    idleSince = now;
                } else if (now - idleSince > LINGER_NANOS) {
                    watchdog.set(null);
                    // A stream that came meanwhile may have seen this thread still set.
                    if (playing.get() == 0 || !watchdog.compareAndSet(null, me)) {
                        return;
                    }
                }
            }
            watchdog.compareAndSet(me, null);
        } finally {
            threads.decrementAndGet();
        }
    }

    /** One pacing thread's streams: a deadline-ordered heap only its current thread touches, and an inbox. */
    private final class Lane {
        private final int number;
        private final ConcurrentLinkedQueue<PacedStream> inbox = new ConcurrentLinkedQueue<>();
        private final AtomicReference<@Nullable Thread> worker = new AtomicReference<>();
        /** The deadline the worker sleeps until; MIN_VALUE while it is awake and will look at the inbox. */
        private volatile long sleepingUntil = Long.MIN_VALUE;
        /** The number of the write in progress, 0 when none: the watchdog's view of the worker. */
        private final AtomicLong writing = new AtomicLong();
        /** What the watchdog saw at its last look. */
        private long lastSeen;

        private long writes;
        private long[] dues = new long[256];
        private PacedStream[] streams = new PacedStream[256];
        private int size;

        Lane(int number) {
            this.number = number;
        }

        void submit(PacedStream stream) {
            inbox.add(stream);
            Thread current = worker.get();
            if (current == null) {
                startWorker();
            } else if (stream.run().nextTokenDue() < sleepingUntil) {
                LockSupport.unpark(current);
            }
        }

        private void startWorker() {
            Thread thread = newThread();
            if (worker.compareAndSet(null, thread)) {
                threads.incrementAndGet();
                thread.start();
            }
        }

        private Thread newThread() {
            return Thread.ofPlatform().daemon().name("sim-pacer-" + number).unstarted(this::run);
        }

        /**
         * Called by the watchdog only. A write counts as stalled when it has lasted since the last
         * look and its thread waits (in the container's blocking write) rather than runs: a thread
         * that the operating system merely left without a CPU for a while, on a busy machine, is
         * not a stalled client.
         */
        void checkStall() {
            long seen = writing.get();
            if (seen != 0 && seen == lastSeen && waits(worker.get()) && writing.compareAndSet(seen, 0)) {
                // The blocked thread learns it lost the lane when its write returns; a new one takes over now.
                long count = stalls.incrementAndGet();
                if (isPowerOfTen(count)) {
                    LOG.info("A write blocked for over " + stallNanos / 1_000_000 / 2
                            + " ms (a client not reading): its stream leaves the pacer; " + count
                            + " so far");
                }
                Thread thread = newThread();
                worker.set(thread);
                threads.incrementAndGet();
                thread.start();
                seen = 0;
            }
            lastSeen = seen;
        }

        private static boolean waits(@Nullable Thread thread) {
            if (thread == null) {
                return false;
            }
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING
                    || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.BLOCKED;
        }

        private void run() {
            Thread me = Thread.currentThread();
            long idleSince = clock.nanoTime();
            try {
                while (true) {
                    sleepingUntil = Long.MIN_VALUE;
                    takeInbox();
                    if (closed) {
                        cancelAll();
                        worker.compareAndSet(me, null);
                        return;
                    }
                    long now = clock.nanoTime();
                    while (size > 0 && dues[0] <= now) {
                        PacedStream stream = pop();
                        if (!step(stream)) {
                            return;
                        }
                        if (size > 0 && dues[0] > now) {
                            // Writing took time: pick up what fell due meanwhile before sleeping.
                            now = clock.nanoTime();
                            takeInbox();
                        }
                    }
                    if (size > 0) {
                        idleSince = now;
                        sleepingUntil = dues[0];
                        if (inbox.isEmpty()) {
                            LockSupport.parkNanos(dues[0] - now);
                        }
                    } else if (now - idleSince > LINGER_NANOS) {
                        worker.compareAndSet(me, null);
                        // A stream submitted meanwhile may have seen this thread still set.
                        if (inbox.isEmpty() || !worker.compareAndSet(null, me)) {
                            return;
                        }
                    } else {
                        sleepingUntil = Long.MAX_VALUE;
                        if (inbox.isEmpty()) {
                            LockSupport.parkNanos(LINGER_NANOS);
                        }
                    }
                }
            } finally {
                threads.decrementAndGet();
            }
        }

        /**
         * Writes the stream's due step and puts it back in the heap, or gives it back. Returns
         * false when this thread lost the lane during the write and must end.
         */
        private boolean step(PacedStream stream) {
            if (stream.recalled()) {
                end(stream, PacedStream.Outcome.CANCELLED);
                return true;
            }
            if (stream.run().takeToken() < 0) {
                end(stream, PacedStream.Outcome.PREEMPTED);
                return true;
            }
            long number = ++writes;
            writing.set(number);
            PacedStream.Outcome outcome = PacedStream.Outcome.PLAYING;
            try {
                stream.emit();
            } catch (IOException e) {
                outcome = PacedStream.Outcome.GONE;
                stream.run().cancel();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.WARNING, "Writing a streamed event failed", e);
                outcome = PacedStream.Outcome.GONE;
                stream.run().cancel();
            }
            boolean mine = writing.compareAndSet(number, 0);
            if (outcome == PacedStream.Outcome.PLAYING) {
                if (stream.done()) {
                    outcome = PacedStream.Outcome.FINISHED;
                } else if (!mine) {
                    outcome = PacedStream.Outcome.STALLED;
                }
            }
            if (outcome != PacedStream.Outcome.PLAYING) {
                end(stream, outcome);
            } else {
                push(stream.run().nextTokenDue(), stream);
            }
            return mine;
        }

        private void end(PacedStream stream, PacedStream.Outcome outcome) {
            playing.decrementAndGet();
            stream.giveBack(outcome);
        }

        private void cancelAll() {
            while (size > 0) {
                PacedStream stream = pop();
                stream.run().cancel();
                end(stream, PacedStream.Outcome.CANCELLED);
            }
        }

        private void takeInbox() {
            PacedStream stream;
            while ((stream = inbox.poll()) != null) {
                push(stream.run().nextTokenDue(), stream);
            }
        }

        // A binary min-heap on the deadlines, in two parallel arrays: no allocation per token.

        private void push(long due, PacedStream stream) {
            if (size == dues.length) {
                dues = Arrays.copyOf(dues, size * 2);
                streams = Arrays.copyOf(streams, size * 2);
            }
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (dues[parent] <= due) {
                    break;
                }
                dues[i] = dues[parent];
                streams[i] = streams[parent];
                i = parent;
            }
            dues[i] = due;
            streams[i] = stream;
        }

        // The slot past the heap's end is cleared (no finished stream stays reachable): the only null the array holds.
        @SuppressWarnings("NullAway")
        private PacedStream pop() {
            PacedStream top = streams[0];
            int last = --size;
            long due = dues[last];
            PacedStream moved = streams[last];
            streams[last] = null;
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < last && dues[child + 1] < dues[child]) {
                    child++;
                }
                if (due <= dues[child]) {
                    break;
                }
                dues[i] = dues[child];
                streams[i] = streams[child];
                i = child;
            }
            if (last > 0) {
                dues[i] = due;
                streams[i] = moved;
            }
            return top;
        }
    }
}
