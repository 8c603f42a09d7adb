package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code --startup-duration}: a slow model load, during which only readiness says no. The launcher
 * here is also one data-parallel rank of a replica ({@code --data-parallel-rank 3} alone), as the
 * rank of a big model that loads slowly would be.
 */
class LauncherReadinessIT {
    private static LauncherProcess launcher;
    private static long listening;

    @BeforeAll
    static void start() {
        launcher = LauncherProcess.start(
                "--model", "slow-model", "--startup-duration", "8000", "--data-parallel-rank", "3");
        listening = System.nanoTime();
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Test
    void readinessAnswers503UntilTheStartupDurationHasPassed() throws InterruptedException {
        try (SimClient client = new SimClient(launcher.uri())) {
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

    @Test
    void aRankGivenAloneLabelsItsMetricsWithIt() {
        try (SimClient client = new SimClient(launcher.uri())) {
            String metrics = client.get("/metrics").body();

            assertThat(SimClient.metric(metrics, "vllm:num_requests_running{engine=\"3\",model_name=\"slow-model\"}"))
                    .as(metrics)
                    .isZero();
            assertThat(metrics).doesNotContain("engine=\"0\"");
            assertThat(launcher.output()).doesNotContain("data-parallel rank 1 listening");
        }
    }
}
