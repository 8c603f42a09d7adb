package io.llmd.sim.core;

import org.jspecify.annotations.Nullable;

/**
 * A request the simulator refuses, with the message a vLLM client would read.
 */
public final class SimException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;
    private final String message;
    private final @Nullable String param;

    public SimException(ErrorKind kind, String message, @Nullable String param) {
        super(message, null, false, false);
        this.kind = kind;
        this.message = message;
        this.param = param;
    }

    public static SimException badRequest(String message, @Nullable String param) {
        return new SimException(ErrorKind.BAD_REQUEST, message, param);
    }

    public static SimException modelNotFound(String model) {
        return new SimException(ErrorKind.NOT_FOUND, "The model `" + model + "` does not exist.", "model");
    }

    /** The message a client reads; never null. */
    @Override
    public String getMessage() {
        return message;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The request field at fault, or null. */
    public @Nullable String param() {
        return param;
    }
}
