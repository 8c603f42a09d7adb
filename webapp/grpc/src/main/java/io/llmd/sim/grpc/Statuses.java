package io.llmd.sim.grpc;

import io.grpc.Status;
import io.llmd.sim.core.SimException;

/**
 * The gRPC status of a refusal. The engine's refusals keep their meaning (a bad request is
 * {@code INVALID_ARGUMENT}, as vLLM's servicer answers a {@code ValueError}); an HTTP status (a
 * forced one) maps as the Go simulator maps it.
 */
final class Statuses {
    private Statuses() {}

    static Status of(SimException e) {
        Status status = switch (e.kind()) {
            case BAD_REQUEST -> Status.INVALID_ARGUMENT;
            case UNAUTHORIZED -> Status.UNAUTHENTICATED;
            case NOT_FOUND -> Status.NOT_FOUND;
            case RATE_LIMITED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
        };
        return status.withDescription(e.getMessage());
    }

    static Status ofHttp(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 401 -> Status.UNAUTHENTICATED;
            case 403 -> Status.PERMISSION_DENIED;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ABORTED;
            case 429 -> Status.RESOURCE_EXHAUSTED;
            case 500 -> Status.INTERNAL;
            case 501 -> Status.UNIMPLEMENTED;
            case 503 -> Status.UNAVAILABLE;
            case 504 -> Status.DEADLINE_EXCEEDED;
            default -> Status.UNKNOWN;
        };
    }
}
