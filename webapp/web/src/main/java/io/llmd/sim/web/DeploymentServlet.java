package io.llmd.sim.web;

import jakarta.servlet.ServletException;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey's servlet, which tells the {@link Deployment} the two moments only a servlet learns of:
 * once it is initialised (the container has not yet reported the context started, and a Jetty
 * connector does not yet accept) the deployment warms up; when the container stops the context it
 * destroys the servlets first (the context listeners only after), so {@link #destroy} is the
 * earliest point at which the deployment learns that it stops, and the last at which running
 * streams can still finish: it drains there.
 */
final class DeploymentServlet extends ServletContainer {
    private static final long serialVersionUID = 1L;
    private final transient Deployment deployment;

    DeploymentServlet(ResourceConfig application, Deployment deployment) {
        super(application);
        this.deployment = deployment;
    }

    @Override
    public void init() throws ServletException {
        super.init();
        deployment.warmUp(getApplicationHandler());
    }

    @Override
    public void destroy() {
        deployment.drain();
        super.destroy();
    }
}
