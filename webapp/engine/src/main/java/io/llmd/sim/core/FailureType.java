package io.llmd.sim.core;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The failures {@code --failure-injection-rate} may inject, by the names {@code --failure-types}
 * gives them (the original simulator's names), each refused as vLLM would word it.
 */
public enum FailureType {
    /** 429: the server is too busy. */
    RATE_LIMIT("rate_limit", ErrorKind.RATE_LIMITED),
    /** 401: the client's API key is wrong. */
    INVALID_API_KEY("invalid_api_key", ErrorKind.UNAUTHORIZED),
    /** 400: the prompt is too long for the context. */
    CONTEXT_LENGTH("context_length", ErrorKind.BAD_REQUEST),
    /** 503: the engine cannot serve. */
    SERVER_ERROR("server_error", ErrorKind.UNAVAILABLE),
    /** 400: the request is malformed. */
    INVALID_REQUEST("invalid_request", ErrorKind.BAD_REQUEST),
    /** 404: the model named does not exist. */
    MODEL_NOT_FOUND("model_not_found", ErrorKind.NOT_FOUND);

    /** Every type, in their fixed order: what {@code --failure-types} chooses from by default. */
    public static final List<FailureType> ALL = List.of(values());
    /** What the message of every injected failure ends with. */
    public static final String INJECTED = " (injected failure)";

    private final String flagValue;
    private final ErrorKind kind;

    FailureType(String flagValue, ErrorKind kind) {
        this.flagValue = flagValue;
        this.kind = kind;
    }

    /** The name {@code --failure-types} uses. */
    public String flagValue() {
        return flagValue;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The type with this {@code --failure-types} name. */
    public static FailureType parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (FailureType type : values()) {
            if (type.flagValue.equals(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown failure type '" + name + "'; the types are "
                + Arrays.stream(values()).map(FailureType::flagValue).collect(Collectors.joining(", ")));
    }

    /**
     * The types a {@code --failure-types} value names (separated by commas or white space), in
     * their fixed order, so that the order they were given in does not change which one a seed
     * picks; every type when it names none.
     */
    static List<FailureType> parseAll(String names) {
        Set<FailureType> types = EnumSet.noneOf(FailureType.class);
        for (String name : FlagValue.names(names)) {
            types.add(parse(name));
        }
        return types.isEmpty() ? ALL : List.copyOf(types);
    }

    /** The {@code --failure-types} names of {@code types}, separated by commas. */
    static String flagValues(List<FailureType> types) {
        return String.join(",", types.stream().map(FailureType::flagValue).toList());
    }

    /**
     * The refusal a client gets: status and type as vLLM's own, the message marked
     * {@value #INJECTED} so that nobody reading it hunts for a real fault.
     *
     * @param model       the model the request names (or the served name when it names none)
     * @param maxModelLen the model's context length, which a context-length refusal quotes
     */
    public SimException exception(String model, int maxModelLen) {
        String message = switch (this) {
            case RATE_LIMIT -> "Rate limit reached for " + model + ": too many requests. Retry later.";
            case INVALID_API_KEY -> "Incorrect API key provided.";
            case CONTEXT_LENGTH ->
                "This model's maximum context length is " + maxModelLen + " tokens. However, your "
                        + "request has " + ((long) maxModelLen + 1) + " input tokens. Please reduce the length of the "
                        + "input messages.";
            case SERVER_ERROR -> "The server is overloaded or not ready yet.";
            case INVALID_REQUEST -> "Invalid request: the request could not be processed.";
            case MODEL_NOT_FOUND -> SimException.modelNotFound(model).getMessage();
        };
        String param = switch (this) {
            case CONTEXT_LENGTH -> "messages";
            case MODEL_NOT_FOUND -> "model";
            default -> null;
        };
        return new SimException(kind, message + INJECTED, param);
    }
}
