package io.llmd.sim.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.Flag;
import io.llmd.sim.core.ServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorWarmUpTest {

    @Test
    void runsWithTheWarmUpUnlessRequestsAreLogged() {
        ServerOptions plain = new ServerOptions(0, null, Duration.ofSeconds(1), 1024, null, null, false);
        ServerOptions logged = new ServerOptions(0, null, Duration.ofSeconds(1), 1024, null, null, true);
        ServerOptions exchanges =
                new ServerOptions(0, null, Duration.ofSeconds(1), 1024, null, null, false, false, true, true);
        ServerOptions cold =
                new ServerOptions(0, null, Duration.ofSeconds(1), 1024, null, null, false, false, false, false);

        assertThat(ConnectorWarmUp.wanted(plain)).isTrue();
        assertThat(ConnectorWarmUp.wanted(logged)).isFalse();
        assertThat(ConnectorWarmUp.wanted(exchanges)).isFalse();
        assertThat(ConnectorWarmUp.wanted(cold)).isFalse();
    }

    @Test
    void everyRequestIsAnsweredAndTheServedEngineSeesNone() throws Exception {
        try (SimServer server = SimServer.start(Map.of(Flag.MODEL, "m", Flag.WARM_UP, "false"))) {
            assertThat(ConnectorWarmUp.run(server.localConnector())).isEqualTo(8);

            String metrics = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics).contains("vllm:prompt_tokens_total{engine=\"0\",model_name=\"m\"} 0.0");
        }
    }
}
