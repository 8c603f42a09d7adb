package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SkippingClockTest {

    @Test
    void sleepingMovesTheClockToTheDeadlineWithoutWaiting() throws InterruptedException {
        SkippingClock clock = new SkippingClock();
        long start = System.nanoTime();
        long deadline = clock.nanoTime() + 3_600_000_000_000L;

        clock.sleepUntil(deadline);

        assertThat(clock.nanoTime()).isGreaterThanOrEqualTo(deadline);
        assertThat(System.nanoTime() - start).as("an hour skipped, not waited").isLessThan(1_000_000_000L);
    }

    @Test
    void aDeadlineAlreadyPastLeavesTheClockAsItIs() throws InterruptedException {
        SkippingClock clock = new SkippingClock();
        long before = clock.nanoTime();

        clock.sleepUntil(before - 1_000_000_000L);

        assertThat(clock.nanoTime() - before).isLessThan(1_000_000_000L);
    }
}
