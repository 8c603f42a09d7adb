package io.llmd.sim.web;

import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey's servlet, drained before it is destroyed: when the WAR is undeployed the container
 * destroys the servlets first (the context listeners only after), so this is the earliest point at
 * which the WAR learns that it stops, and the last at which running streams can still finish.
 */
final class DrainingServletContainer extends ServletContainer {
    private static final long serialVersionUID = 1L;
    private final transient AdmissionGate gate;

    DrainingServletContainer(ResourceConfig application, AdmissionGate gate) {
        super(application);
        this.gate = gate;
    }

    @Override
    public void destroy() {
        gate.drain();
        super.destroy();
    }
}
