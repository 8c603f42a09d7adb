package io.llmd.sim.web;

import io.llmd.sim.core.RequestTrace;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * {@code --log-requests}: one line per request once it has ended, e.g.
 * {@code POST /v1/chat/completions 200 model=qwen prompt_tokens=8 completion_tokens=5 duration_ms=412.7}, or
 * for a failure injected on purpose {@code ... 503 model=qwen injected_failure=X-Return-Error duration_ms=0.4}.
 * The model is the one the request named, as its resource noted it ({@link ExchangeNotes}); the
 * tokens are the engine's trace of the run that answered: the answer's {@code usage}, or for a
 * stream without usage the tokens it sent (then there is no prompt count). Neither the request
 * nor the answer is wrapped or read.
 */
final class RequestLog extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = Logger.getLogger(RequestLog.class.getName());

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        new Entry(request, response, System.nanoTime()).pass(request, request, response, chain);
    }

    /** One exchange, logged once when it ends. */
    private static final class Entry extends WhenEnded {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final long start;
        private final String method;
        private final String path;

        Entry(HttpServletRequest request, HttpServletResponse response, long start) {
            this.request = request;
            this.response = response;
            this.start = start;
            // As the request arrived, whatever dispatch follows.
            this.method = request.getMethod();
            this.path = request.getRequestURI();
        }

        @Override
        void ended() {
            StringBuilder line = new StringBuilder(method)
                    .append(' ')
                    .append(path)
                    .append(' ')
                    .append(response.getStatus())
                    .append(" model=")
                    .append(request.getAttribute(ExchangeNotes.MODEL) instanceof String model ? model : "-");
            if (request.getAttribute(InjectedFailures.CAUSE) instanceof String cause) {
                line.append(" injected_failure=").append(cause);
            }
            if (request.getAttribute(ExchangeNotes.ANSWER) instanceof ExchangeNotes.Answer answer) {
                tokens(line, answer);
            }
            line.append(String.format(Locale.ROOT, " duration_ms=%.1f", (System.nanoTime() - start) / 1e6));
            LOG.info(line.toString());
        }

        /**
         * The tokens the client was told of: the usage of an answer that went out whole, else the
         * tokens a stream sent. A whole answer that was cut off sent none.
         */
        private static void tokens(StringBuilder line, ExchangeNotes.Answer answer) {
            RequestTrace trace = answer.run().trace();
            if (trace == null) {
                return; // ended by the exchange before the run noticed: nothing was sent
            }
            if (answer.usage() && !trace.aborted()) {
                line.append(" prompt_tokens=")
                        .append(trace.promptTokens())
                        .append(" completion_tokens=")
                        .append(trace.generated());
            } else if (answer.streamed()) {
                line.append(" completion_tokens=").append(trace.generated());
            }
        }
    }
}
