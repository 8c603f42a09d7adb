package io.llmd.sim.web;

import org.glassfish.jersey.server.spi.Container;
import org.glassfish.jersey.server.spi.ContainerLifecycleListener;

/** Ends the pacer's threads when Jersey's container stops (after the drain), so that an undeployed WAR leaves none. */
final class PacerShutdown implements ContainerLifecycleListener {
    private final Pacer pacer;

    PacerShutdown(Pacer pacer) {
        this.pacer = pacer;
    }

    @Override
    public void onStartup(Container container) {
        // The pacer starts its threads when the first stream comes.
    }

    @Override
    public void onReload(Container container) {
        // A reload keeps the same application and pacer.
    }

    @Override
    public void onShutdown(Container container) {
        pacer.close();
    }
}
