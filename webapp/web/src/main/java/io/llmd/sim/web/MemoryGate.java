package io.llmd.sim.web;

import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.SimException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;

/**
 * Refuses new work, before its body is read, while the heap is short: a 503 with vLLM's error
 * body instead of an {@link OutOfMemoryError} that would end every stream at once. The streams
 * already open go on; requests that only read (GET, {@code /health}, {@code /metrics}) still pass.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
final class MemoryGate implements ContainerRequestFilter {
    private final HeapWatch heap;

    MemoryGate(HeapWatch heap) {
        this.heap = heap;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.POST.equals(request.getMethod()) && heap.isShort()) {
            throw new SimException(
                    ErrorKind.UNAVAILABLE,
                    "The server is short of memory and takes no new requests until its open ones end; retry later.",
                    null);
        }
    }
}
