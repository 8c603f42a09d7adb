package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** vLLM's error body: {@code {"error":{"message","type","param","code"}}}. */
public record ErrorResponse(ErrorBody error) {

    public static ErrorResponse of(String message, String type, @Nullable String param, int code) {
        return new ErrorResponse(new ErrorBody(message, type, param, code));
    }

    /** vLLM's error type for a status. */
    public static String typeOf(int status) {
        return switch (status) {
            case 400 -> "BadRequestError";
            case 401 -> "AuthenticationError";
            case 403 -> "PermissionDeniedError";
            case 404 -> "NotFoundError";
            case 405 -> "MethodNotAllowedError";
            case 413 -> "RequestEntityTooLargeError";
            case 415 -> "UnsupportedMediaTypeError";
            case 422 -> "UnprocessableEntityError";
            case 429 -> "RateLimitError";
            default -> status >= 500 ? "InternalServerError" : "BadRequestError";
        };
    }

    /** The error itself; {@code param} is written even when null. */
    public record ErrorBody(
            String message,
            String type,

            @Nullable @JsonInclude(JsonInclude.Include.ALWAYS)
            String param,

            int code) {}
}
