package io.llmd.sim.web;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a filter does once an exchange has ended, with its final status: right after the chain
 * for a synchronous request, at completion for an asynchronous one (a stream, or an answer given
 * on a worker thread).
 */
abstract class WhenEnded implements AsyncListener {
    private final AtomicBoolean done = new AtomicBoolean();

    /** Called once, when the exchange has ended. */
    abstract void ended();

    /**
     * Passes the exchange down the chain (as {@code request} and {@code response}, which may wrap
     * the {@code original} request) and calls {@link #ended()} when it has ended.
     */
    final void pass(HttpServletRequest original, ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean async = false;
        try {
            chain.doFilter(request, response);
            if (original.isAsyncStarted()) {
                original.getAsyncContext().addListener(this);
                async = true;
            }
        } finally {
            if (!async) {
                end();
            }
        }
    }

    private void end() {
        if (done.compareAndSet(false, true)) {
            ended();
        }
    }

    @Override
    public final void onComplete(AsyncEvent event) {
        end();
    }

    @Override
    public final void onTimeout(AsyncEvent event) {
        // onComplete follows, with the status the timeout gave.
    }

    @Override
    public final void onError(AsyncEvent event) {
        // onComplete follows.
    }

    @Override
    public final void onStartAsync(AsyncEvent event) {
        // A new asynchronous cycle of the same exchange: it has not ended yet.
        event.getAsyncContext().addListener(this);
    }
}
