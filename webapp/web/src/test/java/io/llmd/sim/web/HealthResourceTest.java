package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.NanoClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HealthResourceTest {
    private long now = 1_000;
    private final NanoClock clock = () -> now;

    @Test
    void readyOnlyOnceTheStartupDurationHasPassed() {
        HealthResource health = new HealthResource(clock, Duration.ofSeconds(2));

        assertThat(health.ready().getStatus()).isEqualTo(503);
        assertThat(health.health().getStatus()).isEqualTo(200);
        now += Duration.ofMillis(1_999).toNanos();
        assertThat(health.ready().getStatus()).isEqualTo(503);
        now += Duration.ofMillis(1).toNanos();
        assertThat(health.ready().getStatus()).isEqualTo(200);
    }

    @Test
    void readyAtOnceWithoutAStartupDuration() {
        assertThat(new HealthResource(clock, Duration.ZERO).ready().getStatus()).isEqualTo(200);
    }
}
