package io.llmd.sim.web;

import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /metrics}: the Prometheus text for GET and HEAD; any other method gets 405 with vLLM's
 * error body. Refused here rather than by the servlet base class, whose {@code sendError} leaves
 * the body to the container (Jetty writes none for a PUT or DELETE) and whose TRACE would echo the
 * request's headers.
 */
final class MetricsServlet extends PrometheusMetricsServlet {
    private static final long serialVersionUID = 1L;

    private static final String ALLOWED = "GET, HEAD";

    /** Runs before each scrape: fake metrics take their values now. */
    private final transient Runnable beforeScrape;

    MetricsServlet(PrometheusRegistry registry) {
        this(registry, () -> {});
    }

    MetricsServlet(PrometheusRegistry registry, Runnable beforeScrape) {
        super(registry);
        this.beforeScrape = beforeScrape;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            beforeScrape.run();
            super.service(request, response);
            return;
        }
        response.setHeader("Allow", ALLOWED);
        ServletErrors.refuse(request, response, 405, "Method Not Allowed");
    }
}
