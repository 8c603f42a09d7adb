package io.llmd.sim.web;

import io.llmd.sim.core.NanoClock;
import jakarta.annotation.Priority;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

/**
 * Runs before routing: stamps each request's arrival as early as Jersey sees it (timing deadlines
 * count from there), and reads a POST body as JSON whatever its Content-Type says, since vLLM
 * does and clients such as {@code curl -d} send a form type.
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
final class ArrivalFilter implements ContainerRequestFilter {
    private static final String ARRIVAL = "io.llmd.sim.arrival";
    private final NanoClock clock;

    ArrivalFilter(NanoClock clock) {
        this.clock = clock;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(ARRIVAL, clock.nanoTime());
        if (HttpMethod.POST.equals(request.getMethod())) {
            MediaType type = request.getMediaType();
            if (type == null
                    || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
                request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
            }
        }
    }

    /** When the request arrived; now, if the filter did not see it. */
    static long arrival(ContainerRequestContext request, NanoClock clock) {
        return request.getProperty(ARRIVAL) instanceof Long arrival ? arrival : clock.nanoTime();
    }
}
