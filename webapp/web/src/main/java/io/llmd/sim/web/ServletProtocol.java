package io.llmd.sim.web;

import jakarta.servlet.ServletContext;

/**
 * A protocol served in a deployment's servlet context beside the HTTP API (vLLM's gRPC service),
 * from a jar of its own that {@link java.util.ServiceLoader} finds: the web layer needs none of
 * its transport, and a deployment without the jar serves HTTP alone. Its requests pass the same
 * servlet filters (the admission gate of graceful shutdown among them) and reach the same engine.
 */
public interface ServletProtocol {
    /**
     * Registers the protocol's servlets in {@code context}, while the deployment starts; they
     * serve {@code deployment}'s engine.
     */
    void install(ServletContext context, Deployment deployment);
}
