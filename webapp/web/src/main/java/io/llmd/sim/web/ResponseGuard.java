package io.llmd.sim.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.EOFException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a thread that writes an asynchronous answer (a stream's, a pacer's, a worker's) off the
 * container's response once the container has ended the exchange. When a write from such a thread
 * fails (the client went away), Tomcat hands the exchange to one of its own threads at once, while
 * the writing thread is still inside Tomcat's write: that thread calls the exchange's listeners,
 * completes the exchange and recycles its request, response and output buffer for the next
 * exchange, on another connection, while the writing thread goes on to record the failure on the
 * response (and Jersey to flush and complete it). An exchange that starts then on the recycled
 * objects fails its first write with the other client's "Broken pipe", or loses its output.
 * <p>
 * Each write, flush and close of the answer's stream runs under a lock, and the end of the
 * exchange (its listener's {@code onError}, {@code onComplete} or {@code onTimeout}, on the
 * container's thread, before the container recycles anything) takes that lock: a write in progress
 * returns first, and any later one fails as a client gone would, without reaching the container.
 */
final class ResponseGuard extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ResponseGuard.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Guarded guarded = new Guarded(response);
        chain.doFilter(request, guarded);
        // An error during the request's own dispatch is handled by the container only after that dispatch returns,
        // so the listener added here hears of it.
        if (request.isAsyncStarted()) {
            try {
                request.getAsyncContext().addListener(guarded);
            } catch (IllegalStateException e) {
                // The exchange ended already (a container may refuse listeners then): nothing may reach it any more.
                guarded.end();
            }
        }
    }

    /** The response as the application sees it, and the listener that ends it. */
    static final class Guarded extends HttpServletResponseWrapper implements AsyncListener {
        /** How long the end of an exchange waits for a write in progress. */
        private static final long END_WAIT_SECONDS = 2;

        private final ReentrantLock lock = new ReentrantLock();
        /** Set under the lock once the container has ended the exchange. */
        private volatile boolean ended;

        private @Nullable ServletOutputStream stream;

        Guarded(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                stream = new GuardedStream(super.getOutputStream());
            }
            return stream;
        }

        @Override
        public void flushBuffer() throws IOException {
            lock.lock();
            try {
                if (!ended) {
                    super.flushBuffer();
                }
            } finally {
                lock.unlock();
            }
        }

        /** An ended exchange counts as committed: nothing may be sent on it any more. */
        @Override
        public boolean isCommitted() {
            return ended || super.isCommitted();
        }

        @Override
        public void onComplete(AsyncEvent event) {
            end();
        }

        @Override
        public void onError(AsyncEvent event) {
            end();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            end();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // A new asynchronous cycle of the same exchange: it has not ended yet.
            event.getAsyncContext().addListener(this);
        }

        /**
         * Waits for a write in progress, then lets no other reach the container. The wait is
         * bounded: a write that blocks longer (a client that reads nothing) must not hold the
         * container's thread; the exchange counts as ended then anyway.
         */
        void end() {
            boolean locked = false;
            try {
                locked = lock.tryLock(END_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                ended = true;
            } finally {
                if (locked) {
                    lock.unlock();
                } else {
                    LOG.fine("An exchange ended while a write to it was still blocked");
                }
            }
        }

        boolean isEnded() {
            return ended;
        }

        private final class GuardedStream extends ServletOutputStream {
            private final ServletOutputStream out;

            GuardedStream(ServletOutputStream out) {
                this.out = out;
            }

            @Override
            public void write(int b) throws IOException {
                lock.lock();
                try {
                    usable();
                    out.write(b);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                lock.lock();
                try {
                    usable();
                    out.write(bytes, offset, length);
                } finally {
                    lock.unlock();
                }
            }

            /** After the end, a flush or a close has nothing to send and is not passed on. */
            @Override
            public void flush() throws IOException {
                lock.lock();
                try {
                    if (!ended) {
                        out.flush();
                    }
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public void close() throws IOException {
                lock.lock();
                try {
                    if (!ended) {
                        out.close();
                    }
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public boolean isReady() {
                return !ended && out.isReady();
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                out.setWriteListener(listener);
            }

            /** A write after the end fails as a write to a client gone does (see {@link ClientGone}). */
            private void usable() throws IOException {
                if (ended) {
                    throw new EOFException("the exchange has ended: its client went away");
                }
            }
        }
    }
}
