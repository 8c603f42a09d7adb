package io.llmd.sim.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;

/**
 * Graceful shutdown: counts the requests in flight (an asynchronous one, such as a stream, until
 * it completes) and, once {@link #drain()} is called, refuses new ones with 503 and vLLM's error
 * body ({@code /health} included, so that a load balancer stops sending) while the running ones
 * finish, for at most the shutdown timeout. {@code /metrics} stays open, to watch the drain.
 */
final class AdmissionGate extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logger.getLogger(AdmissionGate.class.getName());
    private static final String METRICS_PATH = "/metrics";

    private final Duration timeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final transient Condition idle = lock.newCondition();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;
    private int inFlight;

    AdmissionGate(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (METRICS_PATH.equals(request.getServletPath())) {
            chain.doFilter(request, response);
            return;
        }
        if (!enter()) {
            ServletErrors.refuse(request, response, 503, "The server is shutting down.");
            return;
        }
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new Leave());
                async = true;
            }
        } finally {
            if (!async) {
                leave();
            }
        }
    }

    /**
     * Stops admitting, then waits until no request is in flight or the timeout passed.
     *
     * @return whether every request finished in time
     */
    boolean drain() {
        closed = true;
        boolean first = draining.compareAndSet(false, true);
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            if (first) {
                LOG.info("Shutting down: new requests get 503; waiting up to " + timeout.toSeconds() + " s for "
                        + inFlight + " running");
            }
            while (inFlight > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    LOG.warning(inFlight + " requests still running after " + timeout.toSeconds()
                            + " s (--shutdown-timeout): they are cut");
                    return false;
                }
                idle.awaitNanos(left);
            }
            if (first) {
                LOG.info("Shutting down: no request is running any more");
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Requests in flight now. */
    int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    // Counts first and checks after, so that drain() never misses a request it lets through.
    private boolean enter() {
        lock.lock();
        try {
            inFlight++;
        } finally {
            lock.unlock();
        }
        if (closed) {
            leave();
            return false;
        }
        return true;
    }

    private void leave() {
        lock.lock();
        try {
            if (--inFlight == 0) {
                idle.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ends an asynchronous request's count once, whichever way it ends. */
    private final class Leave implements AsyncListener {
        private final AtomicBoolean left = new AtomicBoolean();

        @Override
        public void onComplete(AsyncEvent event) {
            once();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            once();
        }

        @Override
        public void onError(AsyncEvent event) {
            once();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A new asynchronous cycle of the same request: still the same request in flight.
            event.getAsyncContext().addListener(this);
        }

        private void once() {
            if (left.compareAndSet(false, true)) {
                leave();
            }
        }
    }
}
