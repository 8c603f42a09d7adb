package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code log-http} as a context parameter of the WAR in (embedded, so same-JVM) Tomcat 10.1: each
 * exchange is logged whole through java.util.logging, which the test listens to.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarHttpLogIT {
    private static final String MODEL = "war-http-logged";
    /** Held, so that the logger and its handler outlive the test's requests. */
    private static final Logger LOG = Logger.getLogger("io.llmd.sim.web.HttpExchangeLog");

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of("http-log.war", Map.of("model", MODEL, "mode", "echo", "log-http", "true"));
    }

    @Test
    void logsEachExchangeWhole() {
        List<String> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        LOG.addHandler(handler);
        try (SimClient client = new SimClient(SimWar.uri(url))) {
            assertThat(client.post("/v1/chat/completions", SimClient.chat(MODEL, "logged in tomcat", ""))
                            .status())
                    .isEqualTo(200);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (records.stream().noneMatch(r -> r.contains("\"content\":\"logged in tomcat\""))
                    && System.nanoTime() < deadline) {
                StandaloneContainer.sleep(20);
            }
            assertThat(records)
                    .anySatisfy(record -> assertThat(record)
                            .contains("/v1/chat/completions HTTP/1.1")
                            .contains("\"messages\":[{\"role\":\"user\",\"content\":\"logged in tomcat\"}]")
                            .contains("< 200")
                            .contains("\"content\":\"logged in tomcat\""));
        } finally {
            LOG.removeHandler(handler);
        }
    }
}
