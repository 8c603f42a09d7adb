package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The KV-cache half of the scheduler: blocks held, waiting for blocks, preemption, and the queue bound. */
class SchedulerKvCacheTest {
    private final FakeClock clock = new FakeClock(0);
    private final RecordingListener listener = new RecordingListener();

    /** 10 blocks of 4 tokens, room for 3 running requests, 2 waiting. */
    private final Scheduler scheduler = new Scheduler(new Scheduler.Limits(3, 2, 1, 1, 10, 4), clock, listener);

    @Test
    void aRunningRequestHoldsBlocksForItsPrompt() {
        scheduler.submit(null, 0, 9);

        assertThat(scheduler.usedBlocks()).isEqualTo(3);
        assertThat(listener.last().usedBlocks()).isEqualTo(3);
    }

    @Test
    void blocksGrowAsTokensAreGeneratedAndAreFreedAtTheEnd() {
        Ticket ticket = scheduler.submit(null, 0, 8);

        assertThat(ticket.grow(8)).isTrue();
        assertThat(scheduler.usedBlocks()).isEqualTo(2);
        assertThat(ticket.grow(9)).isTrue();
        assertThat(scheduler.usedBlocks()).isEqualTo(3);
        ticket.finish();
        assertThat(scheduler.usedBlocks()).isZero();
    }

    @Test
    void aRequestWhoseBlocksAreNotFreeWaitsAndLaterOnesWaitBehindIt() {
        scheduler.submit(null, 0, 28); // 7 blocks
        Ticket big = scheduler.submit(null, 0, 16); // 4 blocks: only 3 free
        Ticket small = scheduler.submit(null, 0, 1); // 1 block would fit, but FIFO holds it

        assertThat(big.isStarted()).isFalse();
        assertThat(small.isStarted()).isFalse();
        assertThat(scheduler.waiting()).isEqualTo(2);
    }

    @Test
    void whenARunningRequestCannotGrowTheNewestIsPreemptedAndResumesLater() throws InterruptedException {
        Ticket old = scheduler.submit(null, 0, 20); // 5 blocks
        clock.set(10);
        Ticket newest = scheduler.submit(null, 10, 20); // 5 blocks: the cache is full

        assertThat(old.grow(21))
                .as("the old request gets the newest one's blocks")
                .isTrue();

        assertThat(newest.grow(21)).as("the newest was preempted").isFalse();
        assertThat(listener.preemptions()).isEqualTo(1);
        assertThat(scheduler.running()).isEqualTo(1);
        assertThat(scheduler.waiting()).isEqualTo(1);
        assertThat(scheduler.usedBlocks()).isEqualTo(6);

        clock.set(50);
        old.finish();
        assertThat(newest.awaitStart()).as("it restarts when blocks free up").isEqualTo(50);
        assertThat(newest.grow(21)).isTrue();
        assertThat(scheduler.usedBlocks()).isEqualTo(6);
    }

    @Test
    void aRequestThatMustGrowPreemptsItselfWhenItIsTheNewest() {
        Ticket old = scheduler.submit(null, 0, 20);
        Ticket newest = scheduler.submit(null, 0, 20);

        assertThat(newest.grow(21)).isFalse();
        assertThat(old.isStarted()).isTrue();
        assertThat(scheduler.running()).isEqualTo(1);
    }

    @Test
    void aPreemptedRequestGoesBackToTheFrontOfTheQueue() throws InterruptedException {
        Ticket old = scheduler.submit(null, 0, 20);
        Ticket newest = scheduler.submit(null, 0, 20);
        Ticket later = scheduler.submit(null, 0, 1);
        old.grow(21);

        old.finish();

        assertThat(newest.awaitStart()).isNotNegative();
        assertThat(newest.grow(20)).isTrue();
        assertThat(later.isStarted()).isTrue();
    }

    @Test
    void aRequestArrivingAtAFullQueueIsRefusedAndNothingElseChanges() {
        Scheduler small = new Scheduler(new Scheduler.Limits(1, 1, 1, 1, 10, 4), clock, listener);
        small.submit(null, 0, 1);
        small.submit(null, 0, 1);

        assertThatThrownBy(() -> small.submit(null, 0, 1))
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED));
        assertThat(small.running()).isEqualTo(1);
        assertThat(small.waiting()).isEqualTo(1);
    }

    @Test
    void aRequestThatStartsAtOnceIsAdmittedEvenWithNoWaitingRoom() {
        Scheduler noQueue = new Scheduler(new Scheduler.Limits(1, 0, 1, 1, 10, 4), clock, listener);

        Ticket ticket = noQueue.submit(null, 0, 1);

        assertThat(ticket.isStarted()).isTrue();
        assertThatThrownBy(() -> noQueue.submit(null, 0, 1)).isInstanceOf(SimException.class);
    }
}
