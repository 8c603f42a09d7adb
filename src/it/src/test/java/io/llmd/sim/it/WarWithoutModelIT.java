package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR deployed without a model, or with bad values, refuses to start, with one clear log line
 * for each mistake, rather than serving something wrong. (Tomcat, in the same JVM here, logs through the JDK's logging.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarWithoutModelIT {

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = "no-model", managed = false, testable = false)
    static WebArchive deployment() {
        return SimWar.of("no-model.war", Map.of("mode", "echo"));
    }

    @Deployment(name = "bad-values", managed = false, testable = false)
    static WebArchive badValues() {
        return SimWar.of("bad-values.war", Map.of("model", "m", "mode", "loud", "enable-request-id-headers", "maybe"));
    }

    @Test
    void deploymentFailsWithALineNamingTheMissingModel() {
        whileDeployed("no-model", records -> {
            assertThat(records).anySatisfy(record -> {
                assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(record.getMessage()).contains("cannot start").contains("--model");
            });
            URI tomcat = URI.create("http://127.0.0.1:" + System.getProperty("sim.tomcat.port") + "/");
            SimClient.Reply health = new SimClient(tomcat).get("/no-model/health");
            assertThat(health.status())
                    .as("Tomcat answers, the failed app does not")
                    .isIn(404, 503);
        });
    }

    @Test
    void deploymentFailsWithALineForEachBadValue() {
        whileDeployed(
                "bad-values",
                records -> assertThat(records)
                        .filteredOn(record -> record.getLevel() == Level.SEVERE)
                        .extracting(LogRecord::getMessage)
                        .containsExactly(
                                "llm-d-inference-sim cannot start: --mode: must be 'echo' or 'random', not 'loud'",
                                "llm-d-inference-sim cannot start: --enable-request-id-headers: 'maybe' is not true or false"));
    }

    /** Deploys a WAR that must fail to start, checks what its listener logged, and undeploys it again. */
    private void whileDeployed(String name, Consumer<List<LogRecord>> check) {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger("io.llmd.sim.web.SimContextListener");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            try {
                deployer.deploy(name);
            } catch (RuntimeException e) {
                // Some containers report the failed start to the deployer; Tomcat only logs it.
            }
            check.accept(records);
        } finally {
            logger.removeHandler(handler);
            try {
                deployer.undeploy(name);
            } catch (RuntimeException e) {
                // Nothing was deployed.
            }
        }
    }
}
