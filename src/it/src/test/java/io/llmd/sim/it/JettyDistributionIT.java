package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The WAR in Eclipse Jetty 12 from its {@code jetty-home} distribution: settings as init
 * parameters in a context XML beside it in {@code webapps/}, undeployed by removing both files.
 */
class JettyDistributionIT extends ServletContainerScenarios {

    @Override
    StandaloneContainer newContainer(Path base) {
        return new StandaloneJetty(base);
    }

    /** Jetty stops the context at once: the WAR's own drain keeps it until the stream is over. */
    @Override
    void assertTheStreamWasWaitedFor(String log) {
        assertThat(log).contains("waiting up to 20 s for 1 running");
    }

    /**
     * Jetty has no leak detector of its own, so ask the JVM: after a full GC no web application
     * class loader is left (this Jetty ran only the WAR), and Jetty logged no warning. An idle
     * selector still points at the last connection it served, and through it at that request's
     * context, until it selects again: a request for another path first moves it on.
     */
    @Override
    void assertNothingLeaked() throws Exception {
        String pid = Long.toString(container.pid());
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String loaders;
        do {
            try (SimClient other = new SimClient(java.net.URI.create("http://127.0.0.1:" + container.port + "/"))) {
                other.get("/elsewhere");
            }
            StandaloneContainer.jdkTool("jcmd", pid, "GC.run");
            loaders = StandaloneContainer.jdkTool("jcmd", pid, "VM.classloader_stats");
            if (!loaders.contains("WebAppClassLoader")) {
                break;
            }
            StandaloneContainer.sleep(1_000);
        } while (System.nanoTime() < deadline);
        assertThat(loaders).as("class loaders after a full GC").doesNotContain("WebAppClassLoader");
        assertThat(container.log()).doesNotContain(":WARN :").doesNotContain("SEVERE");
    }
}
