package io.llmd.sim.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Logger;

/**
 * {@code --log-http} (the Go simulator's): each request and its response logged whole, in one
 * record once the exchange has ended: request line, headers and body, then status, headers and
 * body. Bodies are copied as they pass, up to {@link #BODY_LIMIT} bytes each (the rest is counted,
 * not kept), so a stream is logged too, as far as the limit. Credentials are not written to the
 * log: the values of {@code Authorization} and {@code X-Api-Key} show as {@code (redacted)}.
 */
final class HttpExchangeLog extends HttpFilter {
    /** The most bytes of one body the log keeps. */
    static final int BODY_LIMIT = 16 * 1024;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(HttpExchangeLog.class.getName());
    private static final Set<String> SECRET = Set.of("authorization", "x-api-key", "proxy-authorization");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        BodyCopy.Request copiedRequest = new BodyCopy.Request(request, BODY_LIMIT);
        BodyCopy.Response copiedResponse = new BodyCopy.Response(response, BODY_LIMIT);
        new Exchange(copiedRequest, copiedResponse, response).pass(request, copiedRequest, copiedResponse, chain);
    }

    /** One exchange, logged once when it ends. */
    private static final class Exchange extends WhenEnded {
        private final BodyCopy.Request request;
        private final BodyCopy.Response copy;
        private final HttpServletResponse response;
        private final String requestLine;
        private final StringBuilder requestHeaders = new StringBuilder();

        Exchange(BodyCopy.Request request, BodyCopy.Response copy, HttpServletResponse response) {
            this.request = request;
            this.copy = copy;
            this.response = response;
            // As the request arrived, whatever dispatch follows.
            String query = request.getQueryString();
            this.requestLine = request.getMethod() + " " + request.getRequestURI() + (query == null ? "" : "?" + query)
                    + " " + request.getProtocol();
            for (String name : Collections.list(request.getHeaderNames())) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    header(requestHeaders, name, value);
                }
            }
        }

        @Override
        void ended() {
            StringBuilder record =
                    new StringBuilder("HTTP exchange\n> ").append(requestLine).append('\n');
            record.append(requestHeaders);
            body(record, "> ", request.body());
            record.append("< ").append(response.getStatus()).append('\n');
            for (String name : response.getHeaderNames()) {
                for (String value : response.getHeaders(name)) {
                    header(record, name, value);
                }
            }
            body(record, "< ", copy.body());
            LOG.info(record.toString().stripTrailing());
        }

        private static void header(StringBuilder out, String name, String value) {
            out.append("  ")
                    .append(name)
                    .append(": ")
                    .append(SECRET.contains(name.toLowerCase(Locale.ROOT)) ? "(redacted)" : value)
                    .append('\n');
        }

        private static void body(StringBuilder out, String side, BodyCopy.Copied body) {
            if (body.total() == 0) {
                return;
            }
            out.append(side).append("body (").append(body.total()).append(" bytes)");
            out.append(body.total() > body.kept().length ? ", the first " + body.kept().length + ":\n" : ":\n");
            out.append(new String(body.kept(), StandardCharsets.UTF_8)).append('\n');
        }
    }
}
