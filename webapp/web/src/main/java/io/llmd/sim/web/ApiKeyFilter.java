package io.llmd.sim.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * vLLM's {@code --api-key}: a request whose path starts with {@code /v1}, {@code /v2} or
 * {@code /inference} (a plain prefix, as vLLM's middleware matches it) needs
 * {@code Authorization: Bearer KEY}, the scheme in any case and the key exactly after the first
 * space; OPTIONS and every other path ({@code /health}, {@code /metrics}, {@code /version}, the
 * tokenizer) stay open.
 * <p>
 * A servlet filter in front of every path, so that the check sees the path whatever its spelling:
 * the router ignores path parameters ({@code /v1;x/models}), decodes escapes and collapses empty
 * segments, so the check tests the container's canonical path and its own canonical form of the
 * raw URI, and guards the request if either is guarded.
 */
final class ApiKeyFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    /** vLLM's guarded prefixes, and the simulator's administration API. */
    private static final List<String> GUARDED = List.of("/v1", "/v2", "/inference", "/admin");

    private final byte[] expected;

    ApiKeyFilter(String apiKey) {
        this.expected = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if ("OPTIONS".equals(request.getMethod())
                || !guarded(request)
                || authorized(request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        ServletErrors.refuse(request, response, 401, "Unauthorized");
    }

    private boolean authorized(String header) {
        if (header == null) {
            return false;
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("bearer")) {
            return false;
        }
        // Compared in constant time, so that the key cannot be guessed from response times.
        return MessageDigest.isEqual(expected, value.substring(space + 1).getBytes(StandardCharsets.UTF_8));
    }

    static boolean guarded(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (guarded(canonical(servletPath + pathInfo))) {
            return true;
        }
        String raw = request.getRequestURI() == null ? "" : request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String canonical = canonical(raw);
        String canonicalContext = canonical(context);
        if (!canonicalContext.equals("/") && canonical.startsWith(canonicalContext)) {
            canonical = canonical.substring(canonicalContext.length());
        }
        return guarded(canonical);
    }

    private static boolean guarded(String path) {
        for (String prefix : GUARDED) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A path as a router sees it: path parameters dropped, escapes decoded, empty and {@code .}
     * segments dropped and {@code ..} resolved. Always starts with {@code /}.
     */
    static String canonical(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = decode(parameters >= 0 ? segment.substring(0, parameters) : segment);
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                segments.pollLast();
            } else {
                segments.addLast(name);
            }
        }
        return "/" + String.join("/", segments);
    }

    /** Percent-decodes as UTF-8; a malformed escape stays as it is. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int low = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (c == '%' && high >= 0 && low >= 0) {
                bytes.write(high << 4 | low);
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
