package io.llmd.sim.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Tells gateway tests which replica answered, as the Go simulator does: with {@code POD_NAME} set
 * (Kubernetes' downward API), every response carries {@code x-inference-pod} and
 * {@code x-inference-port}; with {@code POD_NAMESPACE}, {@code x-inference-namespace}. The port is
 * the one the launcher listens on, or in a servlet container the port the request came in on.
 */
final class PodIdentity extends HttpFilter {
    private static final long serialVersionUID = 1L;

    static final String POD_HEADER = "x-inference-pod";
    static final String NAMESPACE_HEADER = "x-inference-namespace";
    static final String PORT_HEADER = "x-inference-port";

    private final @Nullable String pod;
    private final @Nullable String namespace;
    private final @Nullable String port;

    private PodIdentity(@Nullable String pod, @Nullable String namespace, @Nullable String port) {
        this.pod = pod;
        this.namespace = namespace;
        this.port = port;
    }

    /**
     * The filter for this environment, or null when no pod is named.
     *
     * @param port the port the launcher gave, or null to use each request's local port
     */
    static @Nullable PodIdentity of(Function<String, String> environment, @Nullable String port) {
        String pod = blankToNull(environment.apply("POD_NAME"));
        String namespace = blankToNull(environment.apply("POD_NAMESPACE"));
        return pod == null && namespace == null ? null : new PodIdentity(pod, namespace, blankToNull(port));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (pod != null) {
            response.setHeader(POD_HEADER, pod);
            response.setHeader(PORT_HEADER, port != null ? port : Integer.toString(request.getLocalPort()));
        }
        if (namespace != null) {
            response.setHeader(NAMESPACE_HEADER, namespace);
        }
        chain.doFilter(request, response);
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
