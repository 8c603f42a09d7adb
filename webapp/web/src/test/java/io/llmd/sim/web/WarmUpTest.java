package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.EngineListener;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.RequestTrace;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Simulator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.glassfish.jersey.server.ApplicationHandler;
import org.junit.jupiter.api.Test;

class WarmUpTest {

    /** Slow enough that a warm-up which waited for the configured latencies could not end in time. */
    private static final SimOptions SLOW = SimOptions.builder()
            .model("warm")
            .timeToFirstToken(Duration.ofMillis(500))
            .interTokenLatency(Duration.ofMillis(200))
            .build();

    @Test
    void runsEveryRequestOfTheMixAsExpectedAndLeavesTheServedEngineUntouched() {
        AtomicInteger servedEvents = new AtomicInteger();
        EngineListener counting = new EngineListener() {
            @Override
            public void onPrefilled(int promptTokens) {
                servedEvents.incrementAndGet();
            }

            @Override
            public void onRequestEnded(RequestTrace trace) {
                servedEvents.incrementAndGet();
            }
        };
        Simulator served = new Simulator(SLOW.engine(), NanoClock.SYSTEM, List.of(counting));
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
                ClientWatch clients = new ClientWatch(new TcpTable(List.of()))) {
            ApplicationHandler handler =
                    new ApplicationHandler(new SimApplication(served, workers, SLOW.api(), clients));

            // 40 requests of 16 tokens at 500 ms + 15 x 200 ms each, four at a time: 35 s if it waited.
            WarmUp.Result result = new WarmUp(SLOW, 40, Duration.ofSeconds(30)).run(handler);

            assertThat(result.requests()).isEqualTo(40);
            assertThat(result.answered())
                    .as("every call got the status it expects")
                    .isEqualTo(40);
            assertThat(result.took()).isLessThan(Duration.ofSeconds(30));
            assertThat(result.setUp()).isLessThan(result.took());
            assertThat(result.toString())
                    .contains("40 requests")
                    .contains("ms setting up")
                    .contains("--warm-up false");
        }
        assertThat(servedEvents).as("the served engine saw no request").hasValue(0);
    }

    @Test
    void stopsAtItsTimeLimit() {
        WarmUp.Result result = new WarmUp(SLOW, Integer.MAX_VALUE, Duration.ofMillis(300)).run(null);

        assertThat(result.requests()).isLessThan(Integer.MAX_VALUE);
        assertThat(result.took()).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void startsInTheBackgroundAndACancelledOneEndsEarly() {
        long before = System.nanoTime();
        WarmUp.Running running = new WarmUp(SLOW, Integer.MAX_VALUE, Duration.ofSeconds(60)).start();
        Duration startTook = Duration.ofNanos(System.nanoTime() - before);

        running.cancel();
        WarmUp.Result result = running.finish(null);

        assertThat(startTook).as("start returns before the warm-up has run").isLessThan(result.took());
        assertThat(result.requests()).isLessThan(Integer.MAX_VALUE);
        assertThat(result.took()).as("cancelled long before its limit").isLessThan(Duration.ofSeconds(30));
    }
}
