package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The WAR in Apache Tomcat 10.1 from its distribution: settings as context parameters in
 * {@code conf/Catalina/localhost/llm-d-inference-sim.xml}, undeployed with the manager.
 */
class TomcatDistributionIT extends ServletContainerScenarios {

    @Override
    StandaloneContainer newContainer(Path base) {
        return new StandaloneTomcat(base);
    }

    /**
     * Tomcat itself waits for running asynchronous requests, up to the context's
     * {@code unloadDelay}, before it stops the context (and so before the WAR's drain runs).
     */
    @Override
    void assertTheStreamWasWaitedFor(String log) {
        assertThat(log).contains("waiting up to 20 s for 0 running");
    }

    /**
     * Tomcat's checks: on undeploy it logs any thread the WAR started and left running, and any
     * ThreadLocal it left set; its leak detector (a full GC, then the class loaders of stopped
     * applications still reachable) finds nothing, once the last request's objects are recycled.
     */
    @Override
    void assertNothingLeaked() throws Exception {
        String log = container.log();
        assertThat(log)
                .doesNotContain("appears to have started a thread")
                .doesNotContain("failed to stop it")
                .doesNotContain("but failed to remove it")
                .doesNotContain("memory leak");
        StandaloneTomcat tomcat = (StandaloneTomcat) container;
        String leaks = tomcat.findLeaks();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!leaks.contains("No memory leaks found") && System.nanoTime() < deadline) {
            StandaloneContainer.sleep(1_000);
            leaks = tomcat.findLeaks();
        }
        assertThat(leaks).as("Tomcat's leak detector").contains("No memory leaks found");
    }
}
