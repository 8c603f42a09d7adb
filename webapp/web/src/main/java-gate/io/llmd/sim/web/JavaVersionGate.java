package io.llmd.sim.web;

import io.llmd.sim.core.RequiredJava;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The WAR's listener as the container knows it (web.xml), loadable by any Java since 8: on a Java
 * older than the simulator needs it logs one SEVERE line that says so and fails the deployment,
 * where the container would otherwise report only an {@code UnsupportedClassVersionError} and
 * "listeners failed to start". On a Java new enough it hands over to {@link SimContextListener},
 * which the JVM loads only then. Compiled apart, for Java 8 ({@code src/main/java-gate}).
 */
public final class JavaVersionGate implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(JavaVersionGate.class.getName());

    /** The simulator's listener, once the Java is known to be new enough; typed by its interface so that the check comes first. */
    private @Nullable ServletContextListener listener;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String problem = RequiredJava.problem();
        if (problem != null) {
            String line = "llm-d-inference-sim " + problem + " (java.home " + System.getProperty("java.home") + ")";
            LOG.severe(line);
            throw new IllegalStateException(line);
        }
        listener = new SimContextListener();
        listener.contextInitialized(event);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (listener != null) {
            listener.contextDestroyed(event);
        }
    }
}
