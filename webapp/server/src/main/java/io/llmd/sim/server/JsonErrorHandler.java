package io.llmd.sim.server;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.web.ErrorRenderers;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what Jetty refuses before the simulator sees a request (a malformed request line or header, an
 * ambiguous path, a header block over the limit, a bad Content-Length or Transfer-Encoding, an
 * unknown Expect) with vLLM's JSON error body, as uvicorn's own refusals are JSON to a vLLM client:
 * never Jetty's HTML page. Whatever the method and whatever the client accepts. The body is in the
 * shape of the protocol the request's path speaks ({@link ErrorRenderers#forPath}), OpenAI's when
 * Jetty could not read a path.
 */
final class JsonErrorHandler extends ErrorHandler {

    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
            // A request line Jetty cannot read is the client's mistake: uvicorn answers it with a 400.
            code = HttpStatus.BAD_REQUEST_400;
            response.setStatus(code);
        }
        ErrorRenderer renderer = rendererFor(request);
        byte[] body = renderer.body(code, messageFor(code, message, cause), null);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, renderer.mediaType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** The error shape of the request's path, or OpenAI's when the request has no path Jetty could read. */
    static ErrorRenderer rendererFor(Request request) {
        HttpURI uri = request.getHttpURI();
        String path = uri == null ? null : uri.getCanonicalPath();
        return ErrorRenderers.forPath(path == null || !path.startsWith("/") ? "/" : path);
    }

    /** Jetty's reason for a refused request says what was wrong; an unexpected failure says nothing of the server's insides. */
    static String messageFor(int code, String message, Throwable cause) {
        if (code >= 500 && !(cause instanceof HttpException)) {
            return "Internal server error.";
        }
        return message == null || message.isBlank() ? "HTTP error " + code + "." : message;
    }
}
