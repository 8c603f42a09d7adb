package io.llmd.sim.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.WrongType;
import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.SimException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.NoContentException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Renders every refusal, whatever raised it, as an error body with the matching status, in the
 * shape of the request's protocol ({@link ErrorRenderers}): each mapper learns the request's path
 * from the {@link UriInfo} Jersey injects.
 */
final class ErrorMappers {
    private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

    private ErrorMappers() {}

    /** The status and body of an error, in {@code renderer}'s shape. */
    static Response error(ErrorRenderer renderer, int status, String message, @Nullable String param) {
        byte[] body = renderer.body(status, message, param);
        return Response.status(status)
                .type(renderer.mediaType())
                .header(HttpHeaders.CONTENT_LENGTH, body.length)
                .entity(body)
                .build();
    }

    static int statusOf(ErrorKind kind) {
        return switch (kind) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED -> 401;
            case NOT_FOUND -> 404;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    /** A refusal by the core. */
    static final class Sim implements ExceptionMapper<SimException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(SimException e) {
            return error(ErrorRenderers.forRequest(uri), statusOf(e.kind()), e.getMessage(), e.param());
        }
    }

    /** A body that is not JSON, or JSON of the wrong shape. */
    static final class BadJson implements ExceptionMapper<JsonProcessingException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(JsonProcessingException e) {
            return response(ErrorRenderers.forRequest(uri), e);
        }

        static Response response(ErrorRenderer renderer, JsonProcessingException e) {
            if (e instanceof JsonMappingException mapping && !malformed(e)) {
                if (mapping.getPath().isEmpty() && e instanceof MismatchedInputException) {
                    return error(renderer, 400, "The request body must be a JSON object.", null);
                }
                if (!mapping.getPath().isEmpty()) {
                    String field = mapping.getPath().stream()
                            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                            .collect(Collectors.joining("."))
                            .replace(".[", "[");
                    String param = mapping.getPath().get(0).getFieldName();
                    String problem = e instanceof MismatchedInputException wrong
                            ? WrongType.describe(wrong)
                            : e.getOriginalMessage();
                    return error(renderer, 400, "Invalid value for '" + field + "': " + problem, param);
                }
            }
            return error(renderer, 400, "The request body is not valid JSON: " + e.getOriginalMessage(), null);
        }

        /** Whether the body is not JSON at all (Jackson wraps parse errors met inside a field). */
        private static boolean malformed(Throwable e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof JsonParseException) {
                    return true;
                }
            }
            return false;
        }
    }

    /** What Jersey itself refuses: an unknown path (404), a wrong method (405), an empty body (400), ... */
    static final class Http implements ExceptionMapper<WebApplicationException> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(WebApplicationException e) {
            if (e instanceof InjectedFailures.ForcedError) {
                return e.getResponse(); // already an error body, with the status the client asked for
            }
            ErrorRenderer renderer = ErrorRenderers.forRequest(uri);
            Response original = e.getResponse();
            int status = original.getStatus();
            if (e.getCause() instanceof JsonProcessingException json) {
                return BadJson.response(renderer, json);
            }
            String message = e.getCause() instanceof NoContentException
                    ? "The request body must be a JSON object."
                    : original.getStatusInfo().getReasonPhrase();
            Response.ResponseBuilder out = Response.fromResponse(error(renderer, status, message, null));
            String allow = original.getHeaderString(HttpHeaders.ALLOW);
            if (allow != null) {
                out.header(HttpHeaders.ALLOW, allow);
            }
            return out.build();
        }
    }

    /** Anything unexpected: logged with an id the client also gets, never an HTML page. */
    static final class Unexpected implements ExceptionMapper<Throwable> {
        @Context
        private UriInfo uri;

        @Override
        public Response toResponse(Throwable e) {
            if (ClientGone.causedBy(e)) {
                // The body ended early (a Content-Length longer than what came, then the client's end):
                // the client's doing, answered as a bad request if it still listens.
                return error(
                        ErrorRenderers.forRequest(uri), 400, "The request body ended before its Content-Length.", null);
            }
            String id = UUID.randomUUID().toString();
            LOG.log(Level.SEVERE, "Unexpected error " + id, e);
            return error(ErrorRenderers.forRequest(uri), 500, "Internal error, logged as " + id + ".", null);
        }
    }
}
