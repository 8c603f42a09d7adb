package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperationsEndpointsTest {

    @Test
    void sleepAndAdminEndpointsAreAbsentUnlessAskedFor() {
        try (InMemorySim sim = new InMemorySim("--model", "m")) {
            assertThat(sim.post("/sleep", null).status()).isEqualTo(404);
            assertThat(sim.get("/is_sleeping").status()).isEqualTo(404);
            assertThat(sim.get("/admin/config").status()).isEqualTo(404);
        }
    }

    @Test
    void withoutDevModeTheSleepEndpointsAreUnknownRoutesAsVllmHasThem() {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--enable-sleep-mode")) {
            InMemorySim.Reply sleep = sim.post("/sleep?level=1", null);

            assertThat(sleep.status()).isEqualTo(404);
            assertThat(sleep.body()).contains("\"type\":\"NotFoundError\"");
            assertThat(sim.post("/wake_up", null).status()).isEqualTo(404);
            assertThat(sim.get("/is_sleeping").status()).isEqualTo(404);
        }
    }

    @Test
    void devModeAloneServesTheSleepEndpointsAndTheAdminApi() {
        // vLLM's engine sleeps without --enable-sleep-mode too: it only keeps its GPU memory.
        try (InMemorySim sim = InMemorySim.inDevMode("--model", "m")) {
            assertThat(sim.post("/sleep?level=1", null).status()).isEqualTo(200);
            assertThat(sim.get("/is_sleeping").body()).isEqualTo("{\"is_sleeping\":true}");
            assertThat(sim.post("/wake_up", null).status()).isEqualTo(200);
            assertThat(sim.get("/is_sleeping").body()).isEqualTo("{\"is_sleeping\":false}");
            assertThat(sim.get("/admin/config").status()).isEqualTo(200);
        }
    }

    @Test
    void sleepsAndWakesAsVllmAnswers() {
        try (InMemorySim sim = InMemorySim.inDevMode("--model", "m", "--enable-sleep-mode")) {
            assertThat(sim.get("/is_sleeping").body()).isEqualTo("{\"is_sleeping\":false}");

            InMemorySim.Reply slept = sim.post("/sleep?level=2&mode=wait", null);
            assertThat(slept.status()).isEqualTo(200);
            assertThat(slept.body()).isEmpty();
            assertThat(sim.get("/is_sleeping").body()).isEqualTo("{\"is_sleeping\":true}");
            assertThat(sim.get("/health").status())
                    .as("vLLM stays healthy asleep")
                    .isEqualTo(200);

            assertThat(sim.post("/wake_up?tags=weights", null).status()).isEqualTo(200);
            assertThat(sim.get("/is_sleeping").body()).isEqualTo("{\"is_sleeping\":true}");
            assertThat(sim.post("/wake_up?tags=kv_cache", null).status()).isEqualTo(200);
            assertThat(sim.get("/is_sleeping").body()).isEqualTo("{\"is_sleeping\":false}");
        }
    }

    @Test
    void aLevelOrModeVllmDoesNotTakeIsABadRequest() {
        try (InMemorySim sim = InMemorySim.inDevMode("--model", "m", "--enable-sleep-mode")) {
            InMemorySim.Reply badLevel = sim.post("/sleep?level=deep", null);
            InMemorySim.Reply badMode = sim.post("/sleep?mode=later", null);

            assertThat(badLevel.status()).isEqualTo(400);
            assertThat(badLevel.body()).contains("\"type\":\"BadRequestError\"").contains("level must be 0, 1 or 2");
            assertThat(badMode.status()).isEqualTo(400);
            assertThat(badMode.body()).contains("\"param\":\"mode\"");
            assertThat(sim.get("/is_sleeping").body()).isEqualTo("{\"is_sleeping\":false}");
        }
    }

    @Test
    void adminConfigShowsAndChangesTheLatency() {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--enable-admin-api")) {
            assertThat(sim.get("/admin/config").body())
                    .contains("\"model\":{\"value\":\"m\",\"origin\":\"flag\"}")
                    .contains("\"time-to-first-token\":{\"value\":\"0\",\"origin\":\"default\"}");

            InMemorySim.Reply changed =
                    sim.post("/admin/config", "{\"time-to-first-token\":125,\"failure-types\":null}");

            assertThat(changed.status()).isEqualTo(200);
            assertThat(changed.body()).contains("\"time-to-first-token\":{\"value\":\"125\",\"origin\":\"admin\"}");
            assertThat(sim.simulator().config().timeToFirstToken()).isEqualTo(Duration.ofMillis(125));
        }
    }

    @Test
    void adminConfigTakesGoDurationsAsTheFlagsDo() {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--enable-admin-api")) {
            InMemorySim.Reply changed =
                    sim.post("/admin/config", "{\"time-to-first-token\":\"1.5s\",\"inter-token-latency\":\"250ms\"}");

            assertThat(changed.status()).as(changed.body()).isEqualTo(200);
            assertThat(sim.simulator().config().timeToFirstToken()).isEqualTo(Duration.ofMillis(1500));
            assertThat(sim.simulator().config().interTokenLatency()).isEqualTo(Duration.ofMillis(250));
        }
    }

    @Test
    void adminConfigRefusesWhatItCannotChangeWithVllmsBody() {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--enable-admin-api")) {
            InMemorySim.Reply unknown = sim.post("/admin/config", "{\"model\":\"other\"}");
            InMemorySim.Reply bad = sim.post("/admin/config", "{\"inter-token-latency\":\"soon\"}");
            InMemorySim.Reply notObject = sim.post("/admin/config", "[1]");
            InMemorySim.Reply malformed = sim.post("/admin/config", "{\"time-to");

            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body()).contains("field 'model' is not admin-configurable");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.body()).contains("--inter-token-latency: 'soon' is not a number");
            assertThat(notObject.status()).isEqualTo(400);
            assertThat(malformed.status()).isEqualTo(400);
            assertThat(malformed.body()).contains("\"code\":400");
        }
    }
}
