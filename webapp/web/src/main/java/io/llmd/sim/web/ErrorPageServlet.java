package io.llmd.sim.web;

import io.llmd.sim.api.ErrorResponse;
import io.llmd.sim.api.Json;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The container's error page: whatever error escapes Jersey (or never reaches it) is still
 * answered with vLLM's JSON error body, never an HTML page.
 */
public final class ErrorPageServlet extends HttpServlet {

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
        byte[] body = Json.bytes(ErrorResponse.forStatus(status, message));
        response.setStatus(status);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String statusMessage(HttpServletRequest request, int status) {
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        return message instanceof String text && !text.isBlank() ? text : "HTTP error " + status + ".";
    }
}
