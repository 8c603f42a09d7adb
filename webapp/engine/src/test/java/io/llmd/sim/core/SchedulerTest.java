package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.RecordingListener.Change;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SchedulerTest {
    private final FakeClock clock = new FakeClock(1_000);
    private final RecordingListener listener = new RecordingListener();

    private Scheduler scheduler(int maxNumSeqs, int maxLoras, int maxCpuLoras) {
        return new Scheduler(maxNumSeqs, maxLoras, maxCpuLoras, clock, listener);
    }

    @Test
    void startsARequestAtOnceWhenThereIsRoom() {
        Scheduler scheduler = scheduler(2, 1, 1);

        Ticket ticket = scheduler.submit(null, 1_000);

        assertThat(ticket.isStarted()).isTrue();
        assertThat(scheduler.running()).isEqualTo(1);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void requestStartedWhenSubmittedStartsAtItsArrival() throws InterruptedException {
        Scheduler scheduler = scheduler(1, 1, 1);
        clock.set(5_000);

        Ticket ticket = scheduler.submit(null, 4_200);

        assertThat(ticket.awaitStart()).isEqualTo(4_200);
    }

    @Test
    void requestThatWaitedStartsAtTheClocksTime() throws InterruptedException {
        Scheduler scheduler = scheduler(1, 1, 1);
        Ticket first = scheduler.submit(null, 1_000);
        Ticket second = scheduler.submit(null, 1_100);
        clock.set(9_000);

        first.finish();

        assertThat(second.isStarted()).isTrue();
        assertThat(second.awaitStart()).isEqualTo(9_000);
    }

    @Test
    void runsAtMostMaxNumSeqsRequests() {
        Scheduler scheduler = scheduler(2, 1, 1);

        List<Ticket> tickets = List.of(scheduler.submit(null, 1), scheduler.submit(null, 2), scheduler.submit(null, 3));

        assertThat(tickets).extracting(Ticket::isStarted).containsExactly(true, true, false);
        assertThat(scheduler.running()).isEqualTo(2);
        assertThat(scheduler.waiting()).isEqualTo(1);
    }

    @Test
    void startsWaitingRequestsInArrivalOrder() {
        Scheduler scheduler = scheduler(1, 1, 1);
        Ticket a = scheduler.submit(null, 1);
        Ticket b = scheduler.submit(null, 2);
        Ticket c = scheduler.submit(null, 3);

        a.finish();
        assertThat(List.of(b.isStarted(), c.isStarted())).containsExactly(true, false);

        b.finish();
        assertThat(c.isStarted()).isTrue();
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void finishFreesAPlaceForTheNextRequest() {
        Scheduler scheduler = scheduler(2, 1, 1);
        Ticket a = scheduler.submit(null, 1);
        scheduler.submit(null, 2);
        Ticket c = scheduler.submit(null, 3);

        a.finish();

        assertThat(c.isStarted()).isTrue();
        assertThat(scheduler.running()).isEqualTo(2);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void finishingTwiceFreesOnlyOnePlace() {
        Scheduler scheduler = scheduler(1, 1, 1);
        Ticket a = scheduler.submit(null, 1);
        Ticket b = scheduler.submit(null, 2);
        Ticket c = scheduler.submit(null, 3);

        a.finish();
        a.finish();

        assertThat(b.isStarted()).isTrue();
        assertThat(c.isStarted()).isFalse();
        assertThat(scheduler.running()).isEqualTo(1);
        assertThat(scheduler.waiting()).isEqualTo(1);
    }

    @Test
    void cancellingTwiceFreesOnlyOnePlace() {
        Scheduler scheduler = scheduler(1, 1, 1);
        Ticket a = scheduler.submit(null, 1);
        Ticket b = scheduler.submit(null, 2);
        Ticket c = scheduler.submit(null, 3);

        a.cancel();
        a.cancel();
        a.finish();

        assertThat(b.isStarted()).isTrue();
        assertThat(c.isStarted()).isFalse();
        assertThat(scheduler.running()).isEqualTo(1);
        assertThat(scheduler.waiting()).isEqualTo(1);
    }

    @Test
    void cancellingARunningRequestStartsTheNext() {
        Scheduler scheduler = scheduler(1, 1, 1);
        Ticket a = scheduler.submit(null, 1);
        Ticket b = scheduler.submit(null, 2);

        a.cancel();

        assertThat(b.isStarted()).isTrue();
        assertThat(scheduler.running()).isEqualTo(1);
    }

    @Test
    void cancellingAWaitingRequestRemovesItFromTheQueue() {
        Scheduler scheduler = scheduler(1, 1, 1);
        Ticket a = scheduler.submit(null, 1);
        Ticket b = scheduler.submit(null, 2);
        Ticket c = scheduler.submit(null, 3);

        b.cancel();
        assertThat(scheduler.waiting()).isEqualTo(1);

        a.finish();
        assertThat(b.isStarted()).isFalse();
        assertThat(c.isStarted()).isTrue();
        assertThat(scheduler.running()).isEqualTo(1);
        assertThat(scheduler.waiting()).isZero();
    }

    @Test
    void freesEverythingWhenAllRequestsEnd() {
        Scheduler scheduler = scheduler(2, 2, 2);
        List<Ticket> tickets = List.of(
                scheduler.submit("a", 1),
                scheduler.submit("b", 2),
                scheduler.submit("c", 3),
                scheduler.submit(null, 4));

        tickets.forEach(Ticket::finish);

        assertThat(scheduler.running()).isZero();
        assertThat(scheduler.waiting()).isZero();
        assertThat(listener.last())
                .extracting(Change::running, Change::waiting, Change::runningLoras, Change::waitingLoras)
                .containsExactly(0, 0, List.of(), List.of());
    }

    @Test
    void batchHoldsAtMostMaxLorasDistinctAdapters() {
        Scheduler scheduler = scheduler(5, 2, 2);

        Ticket a = scheduler.submit("a", 1);
        Ticket b = scheduler.submit("b", 2);
        Ticket c = scheduler.submit("c", 3);

        assertThat(List.of(a.isStarted(), b.isStarted(), c.isStarted())).containsExactly(true, true, false);
        assertThat(scheduler.running()).isEqualTo(2);
        assertThat(scheduler.waiting()).isEqualTo(1);
    }

    @Test
    void requestsForAnAdapterInTheBatchJoinIt() {
        Scheduler scheduler = scheduler(5, 1, 1);
        scheduler.submit("a", 1);

        Ticket sameAdapter = scheduler.submit("a", 2);
        Ticket baseModel = scheduler.submit(null, 3);

        assertThat(sameAdapter.isStarted()).isTrue();
        assertThat(baseModel.isStarted()).isTrue();
        assertThat(scheduler.running()).isEqualTo(3);
    }

    @Test
    void waitingRequestForAnotherAdapterLetsLaterRequestsPass() {
        Scheduler scheduler = scheduler(5, 1, 1);
        scheduler.submit("a", 1);

        Ticket otherAdapter = scheduler.submit("b", 2);
        Ticket laterSameAdapter = scheduler.submit("a", 3);
        Ticket laterBaseModel = scheduler.submit(null, 4);

        assertThat(otherAdapter.isStarted()).isFalse();
        assertThat(laterSameAdapter.isStarted()).isTrue();
        assertThat(laterBaseModel.isStarted()).isTrue();
        assertThat(scheduler.waiting()).isEqualTo(1);
    }

    @Test
    void requestForAnotherAdapterStartsWhenItsAdapterSlotFrees() {
        Scheduler scheduler = scheduler(5, 1, 1);
        Ticket a1 = scheduler.submit("a", 1);
        Ticket a2 = scheduler.submit("a", 2);
        Ticket b = scheduler.submit("b", 3);

        a1.finish();
        assertThat(b.isStarted()).isFalse();

        a2.finish();
        assertThat(b.isStarted()).isTrue();
    }

    @Test
    void freedPlaceGoesToTheFirstWaitingRequestThatFits() {
        Scheduler scheduler = scheduler(2, 1, 1);
        Ticket a = scheduler.submit("a", 1);
        scheduler.submit(null, 2);
        Ticket b = scheduler.submit("b", 3);
        Ticket base = scheduler.submit(null, 4);

        a.finish();

        assertThat(b.isStarted()).isTrue();
        assertThat(base.isStarted()).isFalse();
    }

    @Test
    void keepsAtMostMaxCpuLorasLoadedDroppingTheLeastRecentlyUsed() {
        Scheduler scheduler = scheduler(1, 1, 2);

        scheduler.submit("a", 1).finish();
        scheduler.submit("b", 2).finish();
        assertThat(scheduler.loadedLoras()).containsExactly("a", "b");

        scheduler.submit("c", 3).finish();
        assertThat(scheduler.loadedLoras()).containsExactly("b", "c");
    }

    @Test
    void usingALoadedAdapterMakesItTheMostRecentlyUsed() {
        Scheduler scheduler = scheduler(1, 1, 2);
        scheduler.submit("a", 1).finish();
        scheduler.submit("b", 2).finish();

        scheduler.submit("a", 3).finish();
        scheduler.submit("c", 4).finish();

        assertThat(scheduler.loadedLoras()).containsExactly("a", "c");
    }

    @Test
    void neverDropsAnAdapterThatIsRunning() {
        Scheduler scheduler = scheduler(3, 2, 2);
        Ticket a = scheduler.submit("a", 1);
        scheduler.submit("b", 2).finish();

        scheduler.submit("c", 3);

        assertThat(a.isStarted()).isTrue();
        assertThat(scheduler.loadedLoras()).containsExactly("a", "c");
    }

    @Test
    void baseModelRequestsLoadNoAdapter() {
        Scheduler scheduler = scheduler(2, 1, 1);

        scheduler.submit(null, 1);

        assertThat(scheduler.loadedLoras()).isEmpty();
    }

    @Test
    void tellsTheListenerTheCountsAndSortedAdapterLists() {
        Scheduler scheduler = scheduler(2, 2, 3);

        scheduler.submit("zeta", 1);
        scheduler.submit("alpha", 2);
        scheduler.submit("mid", 3);
        scheduler.submit("beta", 4);

        assertThat(listener.last())
                .isEqualTo(new Change(2, 2, List.of("alpha", "zeta"), List.of("beta", "mid"), true, 2));
    }

    @Test
    void tellsTheListenerOfEachSubmitAndEachEnd() {
        Scheduler scheduler = scheduler(1, 1, 1);

        Ticket a = scheduler.submit(null, 1);
        Ticket b = scheduler.submit(null, 2);
        a.finish();
        b.cancel();
        b.cancel();

        assertThat(listener.changes())
                .extracting(Change::running, Change::waiting)
                .containsExactly(tuple(1, 0), tuple(1, 1), tuple(1, 0), tuple(0, 0));
    }

    @Test
    void tellsTheListenerWhetherTheAdapterListsChanged() {
        Scheduler scheduler = scheduler(5, 1, 1);

        scheduler.submit(null, 1);
        scheduler.submit("a", 2);
        scheduler.submit("a", 3);
        scheduler.submit("b", 4);

        assertThat(listener.changes()).extracting(Change::lorasChanged).containsExactly(false, true, false, true);
    }

    @Test
    @Timeout(10)
    void neverRunsMoreThanMaxNumSeqsUnderConcurrentLoad() throws Exception {
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicInteger mostAdapters = new AtomicInteger();
        SchedulerListener watcher = (running, waiting, runningLoras, waitingLoras, changed, blocks) -> {
            mostRunning.accumulateAndGet(running, Math::max);
            mostAdapters.accumulateAndGet(runningLoras.size(), Math::max);
        };
        Scheduler scheduler = new Scheduler(3, 2, 2, NanoClock.SYSTEM, watcher);
        String[] adapters = {null, "a", "b", "c"};

        List<Future<?>> requests = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 400; i++) {
                String lora = adapters[i % adapters.length];
                requests.add(executor.submit(() -> {
                    Ticket ticket = scheduler.submit(lora, System.nanoTime());
                    ticket.awaitStart();
                    ticket.finish();
                    return null;
                }));
            }
            for (Future<?> request : requests) {
                request.get();
            }
        }

        assertThat(mostRunning.get()).isBetween(1, 3);
        assertThat(mostAdapters.get()).isBetween(1, 2);
        assertThat(scheduler.running()).isZero();
        assertThat(scheduler.waiting()).isZero();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }
}
