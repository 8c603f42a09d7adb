package io.llmd.sim.api;

import org.jspecify.annotations.Nullable;

/**
 * How one protocol writes the body of an error answer. The web layer decides that a request
 * fails, with which status and message (and which field of the request is at fault); the
 * renderer of the request's protocol decides how that looks on the wire. Every error answer the
 * application writes goes through one.
 */
public interface ErrorRenderer {

    /**
     * The body of an error answer.
     *
     * @param status  the HTTP status it goes out with
     * @param message what went wrong, for a person to read
     * @param param   the request field at fault, or null
     */
    byte[] body(int status, String message, @Nullable String param);

    /** The body's media type, as its Content-Type header says it. */
    String mediaType();
}
