package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.zeromq.ZContext;

/**
 * A WAR deployed as one rank of a data-parallel deployment: one engine, which says it is rank 1,
 * and publishes its KV events on the configured endpoint's port plus 1. It also loads slowly
 * ({@code startup-duration}), as a rank of a big model does: that test runs first.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WarDataParallelIT {
    /** The configured events port; rank 1 publishes on the next one. */
    private static final int EVENTS = KvEventsScenarios.freePort();

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of(
                "rank.war",
                Map.of(
                        "model", "dp-model",
                        "seed", "7",
                        "data-parallel-size", "2",
                        "data-parallel-rank", "1",
                        "enable-admin-api", "true",
                        "zmq-endpoint", "tcp://*:" + EVENTS,
                        "startup-duration", "6s"));
    }

    @Test
    @Order(1)
    void isReadyOnlyOnceTheStartupDurationHasPassedAndServesMeanwhile() throws InterruptedException {
        try (SimClient client = new SimClient(SimWar.uri(url))) {
            long first = System.nanoTime();
            assertThat(client.get("/health/ready").status()).isEqualTo(503);
            assertThat(client.get("/health").status()).isEqualTo(200);
            assertThat(client.get("/metrics").status()).isEqualTo(200);
            assertThat(client.get("/v1/models").status()).isEqualTo(200);

            long deadline = first + TimeUnit.SECONDS.toNanos(20);
            while (client.get("/health/ready").status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
        }
    }

    @Test
    void servesOneEngineThatIsItsRank() {
        try (SimClient client = new SimClient(SimWar.uri(url))) {
            JsonNode config = client.get("/admin/config").json();

            assertThat(config.path("data-parallel-rank").path("value").asText()).isEqualTo("1");
            assertThat(config.path("data-parallel-size").path("value").asText()).isEqualTo("2");
            assertThat(config.path("seed").path("value").asText()).isEqualTo("8");
            assertThat(client.post("/v1/chat/completions", SimClient.chat("dp-model", "hi", "\"max_tokens\":1"))
                            .status())
                    .isEqualTo(200);
        }
    }

    @Test
    void publishesItsKvEventsOnItsRanksPortSayingItsRank() {
        try (ZContext context = new ZContext()) {
            assertThat(KvEventsScenarios.storedByRank(context, EVENTS + 1, SimWar.uri(url), "dp-model", 1, null))
                    .isNotEmpty();
        }
    }
}
