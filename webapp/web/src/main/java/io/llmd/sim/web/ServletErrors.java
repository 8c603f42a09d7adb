package io.llmd.sim.web;

import io.llmd.sim.api.ErrorRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * An error body, in the shape of the request's protocol, written straight to a servlet response,
 * for refusals made before Jersey sees a request.
 */
final class ServletErrors {

    private ServletErrors() {}

    /**
     * Answers with {@code status} and the error body, and closes the connection: the client is
     * refused (shutting down) or sent a body that is not read, so the connection cannot be reused.
     */
    static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String message)
            throws IOException {
        ErrorRenderer renderer = ErrorRenderers.forRequest(request);
        byte[] body = renderer.body(status, message, null);
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType(renderer.mediaType());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
