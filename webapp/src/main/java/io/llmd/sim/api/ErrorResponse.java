package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** vLLM's error body: {@code {"error":{"message","type","param","code"}}}. */
public record ErrorResponse(ErrorBody error) {

    public static ErrorResponse of(String message, String type, String param, int code) {
        return new ErrorResponse(new ErrorBody(message, type, param, code));
    }

    /** The error itself; {@code param} is written even when null. */
    public record ErrorBody(
            String message,
            String type,
            @JsonInclude(JsonInclude.Include.ALWAYS) String param,
            int code) {
    }
}
