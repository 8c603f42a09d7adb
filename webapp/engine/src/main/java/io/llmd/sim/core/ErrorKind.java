package io.llmd.sim.core;

/** What kind of refusal a {@link SimException} is; the web layer turns each into a status and a type. */
public enum ErrorKind {
    /** The request itself is wrong. */
    BAD_REQUEST,
    /** The client did not prove who it is. */
    UNAUTHORIZED,
    /** What the request names does not exist. */
    NOT_FOUND,
    /** The server is too busy to take the request. */
    RATE_LIMITED,
    /** The server cannot serve now (starting or stopping). */
    UNAVAILABLE
}
