package io.llmd.sim.web;

import io.llmd.sim.core.ApiOptions;
import io.llmd.sim.core.ServerOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.function.Function;

/**
 * The servlet filters in front of every request, outermost first: pod identity headers (so that
 * even a refusal names its replica), the request log and the whole-exchange log when asked for (so
 * that they log refusals too),
 * the API key check (for every path, so that no spelling of one slips past it),
 * the admission gate of graceful shutdown, the body size limit, the hiding of a Content-Type
 * that does not parse, and, innermost, the guard that keeps an answer's writing thread off a
 * response the container has ended ({@link ResponseGuard}). Servlet filters rather than Jersey's,
 * so that they hold in any container and for every path, {@code /metrics} included.
 */
final class ServerFilters {

    private ServerFilters() {}

    static void install(
            ServletContext context,
            ServerOptions options,
            ApiOptions api,
            AdmissionGate gate,
            Function<String, String> environment) {
        PodIdentity identity = PodIdentity.of(environment, context.getInitParameter(SimContextListener.LISTENING_PORT));
        if (identity != null) {
            add(context, "pod-identity", identity);
        }
        if (options.logRequests()) {
            add(context, "request-log", new RequestLog());
        }
        if (options.logHttp()) {
            add(context, "http-log", new HttpExchangeLog());
        }
        if (api.apiKey() != null) {
            add(context, "api-key", new ApiKeyFilter(api.apiKey()));
        }
        add(context, "admission-gate", gate);
        add(context, "body-size-limit", new BodySizeLimit(options.maxRequestBodyBytes()));
        add(context, "unreadable-content-type", new UnreadableContentType());
        add(context, "response-guard", new ResponseGuard());
    }

    private static void add(ServletContext context, String name, Filter filter) {
        FilterRegistration.Dynamic registration = context.addFilter(name, filter);
        registration.setAsyncSupported(true);
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    }
}
