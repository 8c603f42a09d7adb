package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicketTest {
    private final FakeClock clock = new FakeClock(0);
    private final Scheduler scheduler = new Scheduler(1, 1, 1, clock, (r, w, rl, wl, c, b) -> {});

    @Test
    void remembersItsAdapterAndArrival() {
        Ticket ticket = scheduler.submit("a", 77);

        assertThat(ticket.lora()).isEqualTo("a");
        assertThat(ticket.arrivalNanos()).isEqualTo(77);
    }

    @Test
    void isNotStartedWhileItWaits() {
        scheduler.submit(null, 1);

        Ticket waiting = scheduler.submit(null, 2);

        assertThat(waiting.isStarted()).isFalse();
    }

    @Test
    void awaitingTheStartOfACancelledWaitingTicketThrows() {
        scheduler.submit(null, 1);
        Ticket waiting = scheduler.submit(null, 2);

        waiting.cancel();

        assertThat(waiting.isStarted()).isFalse();
        assertThatThrownBy(waiting::awaitStart).isInstanceOf(InterruptedException.class);
    }

    @Test
    void cancelledRunningTicketStillReportsWhenItRan() throws InterruptedException {
        Ticket running = scheduler.submit(null, 1);

        running.cancel();

        assertThat(running.isStarted()).isTrue();
        assertThat(running.awaitStart()).isEqualTo(1);
    }

    @Test
    void cancelAfterFinishChangesNothing() throws InterruptedException {
        Ticket ticket = scheduler.submit(null, 5);
        ticket.finish();

        ticket.cancel();

        assertThat(ticket.isStarted()).isTrue();
        assertThat(ticket.awaitStart()).isEqualTo(5);
    }

    @Test
    void finishingAWaitingTicketWakesItsWaiterWithoutRunningIt() {
        Scheduler single = new Scheduler(1, 1, 1, () -> 0L, (r, w, rl, wl, c, b) -> {});
        single.submit(null, 0);
        Ticket waiting = single.submit(null, 0);

        waiting.finish();

        assertThat(single.waiting()).isZero();
        assertThat(waiting.isStarted()).isFalse();
        assertThatThrownBy(waiting::awaitStart).isInstanceOf(InterruptedException.class);
    }

    @Test
    void staysStartedAfterItFinishes() throws InterruptedException {
        Ticket running = scheduler.submit(null, 5);

        running.finish();

        assertThat(running.isStarted()).isTrue();
        assertThat(running.awaitStart()).isEqualTo(5);
    }

    @Test
    void endingAnEndedTicketLeavesTheSchedulerAlone() {
        Ticket first = scheduler.submit(null, 1);
        List<Ticket> waiting = List.of(scheduler.submit(null, 2), scheduler.submit(null, 3));
        first.finish();

        first.finish();
        first.cancel();

        assertThat(waiting).extracting(Ticket::isStarted).containsExactly(true, false);
        assertThat(scheduler.running()).isEqualTo(1);
        assertThat(scheduler.waiting()).isEqualTo(1);
    }
}
