package io.llmd.sim.web;

import io.llmd.sim.api.ErrorRenderer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The container's error page: whatever error escapes Jersey (or never reaches it) is still
 * answered with the error body of the failed request's protocol, never an HTML page.
 */
public final class ErrorPageServlet extends HttpServlet {
    /** Where the error page is mapped: the WAR's web.xml says it too, and a test holds the two together. */
    public static final String PATH = "/_error";

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status;
        String message;
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            // Asked for by its path: for a client there is no such route.
            status = 404;
            message = "Not Found";
        } else {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            status = code instanceof Integer value ? value : 500;
            message = status >= 500 ? "Internal server error." : statusMessage(request, status);
        }
        ErrorRenderer renderer = ErrorRenderers.forPath(failedPath(request));
        byte[] body = renderer.body(status, message, null);
        response.setStatus(status);
        response.setContentType(renderer.mediaType());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * The path, within the application, of the request that failed: the container says it as the
     * client spelled it; asked for by its own path, this page is the request.
     */
    static String failedPath(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String uri) {
            String context = request.getContextPath();
            return uri.startsWith(context) ? uri.substring(context.length()) : uri;
        }
        return ErrorRenderers.pathOf(request);
    }

    private static String statusMessage(HttpServletRequest request, int status) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String text && !text.isBlank() ? text : "HTTP error " + status + ".";
    }
}
