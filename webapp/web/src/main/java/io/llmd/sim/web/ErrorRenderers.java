package io.llmd.sim.web;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.anthropic.AnthropicErrorRenderer;
import io.llmd.sim.api.openai.OpenAiErrorRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;

/**
 * Which protocol's error shape a request gets, chosen by its path: the one seam that every error
 * answer of the application goes through (the exception mappers and the body Jersey leaves out,
 * the filters' refusals before Jersey, the container's error page, injected failures, and an
 * embedding server's own refusals before the application sees a request). Every path,
 * vLLM's own endpoints included, answers in OpenAI's shape but those a protocol with a shape of
 * its own claims here: Anthropic's {@code /v1/messages}.
 */
public final class ErrorRenderers {
    private static final String MESSAGES = "/v1/messages";

    private ErrorRenderers() {}

    /**
     * The renderer for a request to {@code path}.
     *
     * @param path the request's path within the application, from its leading slash
     */
    public static ErrorRenderer forPath(String path) {
        if (path.equals(MESSAGES) || path.startsWith(MESSAGES + "/") || path.startsWith(MESSAGES + ";")) {
            return AnthropicErrorRenderer.INSTANCE;
        }
        return OpenAiErrorRenderer.INSTANCE;
    }

    /** The renderer for a request Jersey serves. */
    static ErrorRenderer forRequest(UriInfo uri) {
        return forPath(pathOf(uri));
    }

    /** The renderer for a request Jersey serves, seen from a filter. */
    static ErrorRenderer forRequest(ContainerRequestContext request) {
        return forRequest(request.getUriInfo());
    }

    /** The renderer for a request the container serves. */
    static ErrorRenderer forRequest(HttpServletRequest request) {
        return forPath(pathOf(request));
    }

    /** A Jersey request's path within the application (Jersey's own has no leading slash). */
    static String pathOf(UriInfo uri) {
        return "/" + uri.getPath();
    }

    /** A servlet request's path within the application, decoded, as the servlet mapping saw it. */
    static String pathOf(HttpServletRequest request) {
        String info = request.getPathInfo();
        return request.getServletPath() + (info == null ? "" : info);
    }
}
