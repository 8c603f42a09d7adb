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
 * On Anthropic's paths ({@code /v1/messages} and below) the key may come as {@code X-Api-Key: KEY}
 * instead, the header Anthropic's SDKs send. vLLM's middleware reads only {@code Authorization}
 * (vllm-project/vllm#51572; the open fixes read {@code x-api-key} beside it); the simulator takes
 * it where an Anthropic client calls, and nowhere else, so that every other path keeps vLLM's rule.
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

    /** Anthropic's Messages API, whose clients send the key as {@code X-Api-Key}. */
    private static final String ANTHROPIC = "/v1/messages";

    private final byte[] expected;

    ApiKeyFilter(String apiKey) {
        this.expected = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (admits(request)) {
            chain.doFilter(request, response);
            return;
        }
        ServletErrors.refuse(request, response, 401, "Unauthorized");
    }

    /** Whether the request may pass: not guarded, or carrying the key in a header its path reads. */
    boolean admits(HttpServletRequest request) {
        if ("OPTIONS".equals(request.getMethod()) || !guarded(request)) {
            return true;
        }
        if (bearer(request.getHeader("Authorization"))) {
            return true;
        }
        String apiKey = request.getHeader("X-Api-Key");
        return apiKey != null && anthropic(request) && matches(apiKey.strip());
    }

    private boolean bearer(String header) {
        if (header == null) {
            return false;
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("bearer")) {
            return false;
        }
        return matches(value.substring(space + 1));
    }

    private boolean matches(String key) {
        // Compared in constant time, so that the key cannot be guessed from response times.
        return MessageDigest.isEqual(expected, key.getBytes(StandardCharsets.UTF_8));
    }

    static boolean guarded(HttpServletRequest request) {
        return paths(request).stream().anyMatch(ApiKeyFilter::guarded);
    }

    /**
     * Whether the request is for Anthropic's API however its path is read: both the container's
     * and the raw URI's canonical forms lie under {@code /v1/messages}.
     */
    static boolean anthropic(HttpServletRequest request) {
        return paths(request).stream().allMatch(path -> path.equals(ANTHROPIC) || path.startsWith(ANTHROPIC + "/"));
    }

    /**
     * The request's path within the application, canonical, as the container matched it and as
     * the raw URI spells it (a router may read either).
     */
    private static List<String> paths(HttpServletRequest request) {
        String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
        String pathInfo = request.getPathInfo() == null ? "" : request.getPathInfo();
        String raw = request.getRequestURI() == null ? "" : request.getRequestURI();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String canonical = canonical(raw);
        String canonicalContext = canonical(context);
        if (!canonicalContext.equals("/") && canonical.startsWith(canonicalContext)) {
            canonical = canonical.substring(canonicalContext.length());
        }
        return List.of(canonical(servletPath + pathInfo), canonical.isEmpty() ? "/" : canonical);
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
