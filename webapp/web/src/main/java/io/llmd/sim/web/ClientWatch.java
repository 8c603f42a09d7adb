package io.llmd.sim.web;

import io.llmd.sim.core.Run;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Aborts an admitted request as soon as its client has gone, as vLLM does, so that a dead request
 * holds no place in the queue or the batch. Two sources tell of it:
 * <ul>
 * <li>the exchange itself: the container reports an error or the end of the suspended exchange
 * (a request whose exchange ended first is cancelled; one that ended normally ignores it);</li>
 * <li>the kernel's TCP table, where the system has one: an HTTP/1.1 container does not read from
 * a connection while its request is suspended, so it learns of a closed connection only at the
 * next write, which for a queued request or a whole answer may be seconds away. While such
 * requests exist, the table is read every {@link #INTERVAL}, and a request whose connection has
 * left the established state is cancelled.</li>
 * </ul>
 * A streamed request that has started writes often enough to learn of it by a failed write, so it
 * is watched only until it starts.
 */
final class ClientWatch implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofMillis(200);
    /** Reads of the table in a row that must miss an established connection before it counts as reset. */
    static final int MISSING_SCANS = 3;

    private static final Logger LOG = Logger.getLogger(ClientWatch.class.getName());

    private final TcpTable table;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final @Nullable Thread scanner;
    private volatile boolean closed;
    /** Whether the scanner waits for a first request to watch (and must be woken for it). */
    private volatile boolean idle;

    ClientWatch(TcpTable table) {
        this.table = table;
        this.scanner =
                table.available() ? Thread.ofVirtual().name("sim-client-watch").unstarted(this::scan) : null;
        if (scanner != null) {
            scanner.start();
        }
    }

    /**
     * Watches the suspended exchange of {@code request} on behalf of {@code run}; the kernel's
     * table too while the request waits for its place or, not streamed, when its answer takes
     * long ({@code longAnswer}): reading the table costs the kernel time in proportion to the
     * sockets open, so requests that run at once and soon end are not worth it.
     */
    void watch(HttpServletRequest request, Run run, boolean streamed, boolean longAnswer) {
        if (request == null) {
            return; // served outside a servlet container (an in-memory test)
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new ExchangeEnd(run));
        }
        boolean worthScanning = !run.isStarted() || (!streamed && longAnswer);
        if (scanner != null && worthScanning && request.getLocalPort() > 0 && request.getRemotePort() > 0) {
            watched.add(new Watched(TcpTable.key(request.getLocalPort(), request.getRemotePort()), run, streamed));
            // Only an idle scanner is woken: a wake-up per request would cost a scan per request.
            if (idle) {
                LockSupport.unpark(scanner);
            }
        }
    }

    private void scan() {
        while (!closed) {
            if (watched.isEmpty()) {
                idle = true;
                if (watched.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            // Reading the table costs the kernel time in proportion to the sockets open: once an interval, whatever
            // wakes us.
            long next = System.nanoTime() + INTERVAL.toNanos();
            long remaining;
            while (!closed && (remaining = next - System.nanoTime()) > 0) {
                LockSupport.parkNanos(this, remaining);
            }
            if (closed) {
                return;
            }
            Map<Long, Integer> states = table.states();
            for (Iterator<Watched> it = watched.iterator(); it.hasNext(); ) {
                Watched entry = it.next();
                if (entry.run.isEnded() || (entry.streamed && entry.run.isStarted())) {
                    it.remove();
                    continue;
                }
                Integer state = states.get(entry.key);
                if (state != null && state == TcpTable.ESTABLISHED) {
                    entry.seen = true;
                    entry.missing = 0;
                } else if (state != null || (entry.seen && ++entry.missing >= MISSING_SCANS)) {
                    // Left the established state (CLOSE_WAIT after the client's FIN), or vanished after a reset. A
                    // single read of the table may skip a live connection: the kernel writes it in pieces while
                    // connections come and go, so an absence counts only when it lasts.
                    LOG.info(abortLine(
                            "its connection " + (state == null ? "vanished" : "is in TCP state " + state), entry.key));
                    it.remove();
                    entry.run.cancel();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        watched.clear();
        if (scanner != null) {
            LockSupport.unpark(scanner);
        }
    }

    /** A watched request; {@code seen} once its connection was found established, so that its absence means a reset. */
    private static final class Watched {
        final long key;
        final Run run;
        final boolean streamed;
        volatile boolean seen;
        /** Reads in a row that did not find the connection since it was seen (the scanner's only). */
        int missing;

        Watched(long key, Run run, boolean streamed) {
            this.key = key;
            this.run = run;
            this.streamed = streamed;
        }
    }

    /** The log line of a request aborted because its client went away, as vLLM logs an abort. */
    private static String abortLine(String why, long key) {
        return "Aborted request: " + why + " (server port " + (key >>> 16) + ", client port " + (key & 0xFFFF) + ")";
    }

    /** Cancels the run when its exchange ends or fails before the run does. */
    private record ExchangeEnd(Run run) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            if (!run.isEnded()) {
                LOG.info("Aborted request: its exchange ended before its answer did");
                run.cancel();
            }
        }

        @Override
        public void onError(AsyncEvent event) {
            if (!run.isEnded()) {
                LOG.info("Aborted request: its exchange failed (" + event.getThrowable() + ")");
                run.cancel();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // Requests set no async time-out of their own; the container's does not end the run.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // Jersey starts the exchange's async mode once; nothing to re-register.
        }
    }
}
