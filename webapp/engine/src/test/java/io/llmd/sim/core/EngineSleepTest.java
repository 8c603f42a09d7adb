package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EngineSleepTest {
    private final FakeClock clock = new FakeClock(1_000);
    private final RecordingListener listener = new RecordingListener();
    private final Scheduler scheduler = new Scheduler(1, 1, 1, clock, listener);
    private final EngineSleep sleep = new EngineSleep(scheduler);

    @Test
    void requestsQueueWhileAsleepAndStartOnWakeUp() {
        sleep.sleep(1, Scheduler.InFlight.ABORT);

        Ticket ticket = scheduler.submit(null, 1_000);

        assertThat(sleep.isSleeping()).isTrue();
        assertThat(ticket.isStarted()).isFalse();
        assertThat(scheduler.waiting()).isEqualTo(1);
        sleep.wakeUp(null);
        assertThat(sleep.isSleeping()).isFalse();
        assertThat(ticket.isStarted()).isTrue();
    }

    @Test
    void abortModeEndsEveryAdmittedRequestAndFreesTheKvCache() {
        Ticket running = scheduler.submit(null, 1_000, 40);
        Ticket waiting = scheduler.submit(null, 1_000, 40);

        sleep.sleep(1, Scheduler.InFlight.ABORT);

        assertThat(running.isDone()).isTrue();
        assertThat(running.isAborted()).isTrue();
        assertThat(waiting.isAborted()).isTrue();
        assertThat(scheduler.running()).isZero();
        assertThat(scheduler.waiting()).isZero();
        assertThat(scheduler.usedBlocks()).isZero();
    }

    @Test
    void waitModeLetsRunningRequestsFinishButStartsNothing() {
        Ticket running = scheduler.submit(null, 1_000);
        Ticket next = scheduler.submit(null, 1_000);

        sleep.sleep(1, Scheduler.InFlight.WAIT);
        running.finish();

        assertThat(running.isDone()).isTrue();
        assertThat(running.isAborted()).isFalse();
        assertThat(next.isStarted()).isFalse();
        sleep.wakeUp(List.of());
        assertThat(next.isStarted()).isTrue();
    }

    @Test
    void keepModeFreezesRunningRequestsUntilWakeUp() {
        Ticket running = scheduler.submit(null, 1_000);

        sleep.sleep(0, Scheduler.InFlight.KEEP);

        assertThat(running.grow(2)).isFalse();
        assertThat(running.isDone()).isFalse();
        assertThat(scheduler.waiting()).isEqualTo(1);
        sleep.wakeUp(List.of(EngineSleep.SCHEDULING));
        assertThat(running.isStarted()).isTrue();
        assertThat(running.grow(2)).isTrue();
    }

    @Test
    void wakingOnlyTheWeightsLeavesTheEngineAsleep() {
        sleep.sleep(2, Scheduler.InFlight.ABORT);

        sleep.wakeUp(List.of("weights"));
        assertThat(sleep.isSleeping()).isTrue();
        assertThat(sleep.asleep()).containsExactly(EngineSleep.Part.KV_CACHE);
        sleep.wakeUp(List.of("scheduling", "unknown"));
        assertThat(sleep.isSleeping()).isTrue();
        sleep.wakeUp(List.of("kv_cache"));

        assertThat(sleep.isSleeping()).isFalse();
        assertThat(sleep.level()).isEqualTo(-1);
    }

    @Test
    void levelZeroPausesSchedulingOnly() {
        sleep.sleep(0, Scheduler.InFlight.ABORT);

        assertThat(sleep.isSleeping()).isTrue();
        assertThat(sleep.asleep()).isEmpty();
        sleep.wakeUp(List.of("scheduling"));
        assertThat(sleep.isSleeping()).isFalse();
    }

    @Test
    void refusesALevelOrModeVllmDoesNotKnow() {
        assertThatThrownBy(() -> sleep.sleep(3, Scheduler.InFlight.ABORT))
                .isInstanceOf(SimException.class)
                .hasMessageContaining("level must be 0, 1 or 2");
        assertThatThrownBy(() -> EngineSleep.mode("later"))
                .isInstanceOf(SimException.class)
                .hasMessageContaining("abort, wait or keep");
        assertThat(EngineSleep.mode(null)).isEqualTo(Scheduler.InFlight.ABORT);
        assertThat(sleep.isSleeping()).isFalse();
    }
}
