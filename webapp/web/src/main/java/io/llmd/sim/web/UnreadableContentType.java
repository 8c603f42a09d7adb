package io.llmd.sim.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Hides a Content-Type header that does not parse (or comes twice), as if the client had sent
 * none: vLLM reads a body as JSON whatever its type says. Jersey parses the header before any of
 * its filters or error mappers run, and answers a bad one with an empty 400.
 */
final class UnreadableContentType extends HttpFilter {
    private static final long serialVersionUID = 1L;

    private static final String CONTENT_TYPE = "Content-Type";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        chain.doFilter(readable(request) ? request : new WithoutContentType(request), response);
    }

    private static boolean readable(HttpServletRequest request) {
        List<String> values = Collections.list(request.getHeaders(CONTENT_TYPE));
        if (values.isEmpty()) {
            return true;
        }
        if (values.size() > 1) {
            return false;
        }
        try {
            MediaType.valueOf(values.get(0));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static final class WithoutContentType extends HttpServletRequestWrapper {

        WithoutContentType(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable String getContentType() {
            return null;
        }

        @Override
        public @Nullable String getHeader(String name) {
            return CONTENT_TYPE.equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return CONTENT_TYPE.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            List<String> names = Collections.list(super.getHeaderNames());
            names.removeIf(CONTENT_TYPE::equalsIgnoreCase);
            return Collections.enumeration(names);
        }
    }
}
