package io.llmd.sim.web;

import io.llmd.sim.api.ErrorResponse;
import io.llmd.sim.api.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** vLLM's error body written straight to a servlet response, for refusals made before Jersey sees a request. */
final class ServletErrors {

    private ServletErrors() {
    }

    /**
     * Answers with {@code status} and the error body, and closes the connection: the client is
     * refused (shutting down) or sent a body that is not read, so the connection cannot be reused.
     */
    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body = Json.bytes(ErrorResponse.of(message, ErrorMappers.typeOf(status), null, status));
        response.setStatus(status);
        response.setHeader("Connection", "close");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
