package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --startup-duration}: a slow model load, during which only readiness says no. */
class LauncherReadinessIT {

    @Test
    void readinessAnswers503UntilTheStartupDurationHasPassed() throws InterruptedException {
        try (LauncherProcess launcher = LauncherProcess.start("--model", "slow-model", "--startup-duration", "8000");
                SimClient client = new SimClient(launcher.uri())) {
            long listening = System.nanoTime();
            SimClient.Reply loading = client.get("/health/ready");
            assertThat(loading.status()).isEqualTo(503);
            assertThat(client.get("/health").status()).isEqualTo(200);
            assertThat(client.get("/v1/models").status()).isEqualTo(200);
            assertThat(client.get("/metrics").status()).isEqualTo(200);

            long deadline = listening + 20_000_000_000L;
            while (client.get("/health/ready").status() != 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(client.get("/health/ready").status()).isEqualTo(200);
            assertThat(System.nanoTime() - listening)
                    .as("ready only once the 8 s since the start have passed")
                    .isGreaterThan(3_000_000_000L);
        }
    }
}
