package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.EngineListener;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.RequestTrace;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.Simulator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pacer writes many streams' steps when they fall due from a few threads: on time, with a
 * stalled client moved off it, a client gone freeing its place at once, and an interrupted
 * request thread getting its stream back.
 */
class PacerTest {
    private static final long ITL_MILLIS = 20;
    private static final long TTFT_MILLIS = 50;
    private final List<RequestTrace> ended = new CopyOnWriteArrayList<>();
    private final Simulator simulator = new Simulator(
            ConfigParser.build(
                    CommandLine.parse(
                                    "--model",
                                    "m",
                                    "--mode",
                                    "echo",
                                    "--time-to-first-token",
                                    Long.toString(TTFT_MILLIS),
                                    "--inter-token-latency",
                                    Long.toString(ITL_MILLIS),
                                    "--max-num-seqs",
                                    "1000")
                            .values(),
                    () -> 1L),
            NanoClock.SYSTEM,
            List.of(new EngineListener() {
                @Override
                public void onRequestEnded(RequestTrace trace) {
                    ended.add(trace);
                }
            }));
    private final Pacer pacer = new Pacer(NanoClock.SYSTEM, 1, Duration.ofMillis(20));

    private Generation words(int count) {
        String text = "word ".repeat(count).trim();
        return simulator.plan(new GenerationRequest(new ModelTarget("m", null), text, text, count));
    }

    private Thread stream(Run run, int steps, OutputStream out) {
        return Thread.ofVirtual()
                .start(() -> new SseStream(
                                run, new Labels(steps), ErrorRenderers.forPath("/v1"), pacer, NanoClock.SYSTEM, true)
                        .write(out));
    }

    @Test
    void writesEveryStreamsStepsWhenTheyFallDueFromOneThread() throws InterruptedException {
        List<Stamps> outs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            Generation generation = words(10);
            Stamps out = new Stamps();
            outs.add(out);
            threads.add(stream(simulator.admit(generation, start), generation.steps(), out));
        }
        for (Thread thread : threads) {
            thread.join(20_000);
        }

        assertThat(ended)
                .hasSize(200)
                .allSatisfy(trace -> assertThat(trace.aborted()).isFalse());
        for (Stamps out : outs) {
            assertThat(out.flushes).hasSize(11);
            // Step i is due at start + TTFT + i x ITL: never before, and (generously) not much after.
            for (int i = 0; i < 10; i++) {
                long due = start + TimeUnit.MILLISECONDS.toNanos(TTFT_MILLIS + i * ITL_MILLIS);
                long at = out.flushes.get(i + 1);
                assertThat(at).isGreaterThanOrEqualTo(due);
                assertThat(at - due).isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
        assertThat(simulator.scheduler().running()).isZero();
    }

    @Test
    void aClientThatStopsReadingIsMovedOffThePacerAndTheOthersStayOnTime() throws InterruptedException {
        Generation stalledGeneration = words(10);
        Stamps stalled = new Stamps();
        stalled.blockAtWrite = 3;
        long start = System.nanoTime();
        Thread stalledThread = stream(simulator.admit(stalledGeneration, start), stalledGeneration.steps(), stalled);
        List<Stamps> outs = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Generation generation = words(10);
            Stamps out = new Stamps();
            outs.add(out);
            threads.add(stream(simulator.admit(generation, start), generation.steps(), out));
        }
        for (Thread thread : threads) {
            thread.join(20_000);
        }

        // While the one client was stalled, every other stream went on: none saw a gap of twice the ITL.
        for (Stamps out : outs) {
            assertThat(out.flushes).hasSize(11);
            for (int i = 2; i < out.flushes.size(); i++) {
                assertThat(out.flushes.get(i) - out.flushes.get(i - 1))
                        .isLessThan(TimeUnit.MILLISECONDS.toNanos(2 * ITL_MILLIS + 150));
            }
        }
        assertThat(stalled.unblock.getCount()).isOne();
        assertThat(pacer.stalls()).isOne();
        // The stalled client reads again: its stream ends, written by its own thread.
        stalled.unblock.countDown();
        stalledThread.join(20_000);
        assertThat(stalled.flushes).hasSize(11);
        assertThat(ended)
                .hasSize(51)
                .allSatisfy(trace -> assertThat(trace.aborted()).isFalse());
    }

    @Test
    void aClientGoneFreesItsPlaceAtTheWriteThatFails() throws InterruptedException {
        Generation generation = words(10);
        Stamps out = new Stamps();
        out.failAtWrite = 3;

        stream(simulator.admit(generation, System.nanoTime()), generation.steps(), out)
                .join(20_000);

        assertThat(out.flushes).hasSize(2);
        assertThat(ended)
                .singleElement()
                .satisfies(trace -> assertThat(trace.aborted()).isTrue());
        assertThat(simulator.scheduler().running()).isZero();
    }

    @Test
    void anInterruptedRequestThreadGetsItsStreamBackAndFreesThePlace() throws InterruptedException {
        Generation generation = words(50);
        Stamps out = new Stamps();
        Thread thread = stream(simulator.admit(generation, System.nanoTime()), generation.steps(), out);
        Thread.sleep(TTFT_MILLIS + 3 * ITL_MILLIS);

        thread.interrupt();
        thread.join(20_000);

        assertThat(thread.isAlive()).isFalse();
        int written = out.flushes.size();
        assertThat(written).isBetween(2, 20);
        assertThat(ended)
                .singleElement()
                .satisfies(trace -> assertThat(trace.aborted()).isTrue());
        assertThat(simulator.scheduler().running()).isZero();
        Thread.sleep(3 * ITL_MILLIS);
        assertThat(out.flushes).hasSize(written);
    }

    @Test
    void closingThePacerCancelsItsStreamsAndEndsItsThreads() throws InterruptedException {
        Generation generation = words(50);
        Stamps out = new Stamps();
        Thread thread = stream(simulator.admit(generation, System.nanoTime()), generation.steps(), out);
        Thread.sleep(TTFT_MILLIS + 3 * ITL_MILLIS);
        assertThat(pacer.threads()).isPositive();

        pacer.close();
        thread.join(20_000);

        assertThat(thread.isAlive()).isFalse();
        assertThat(pacer.threads()).isZero();
        assertThat(ended)
                .singleElement()
                .satisfies(trace -> assertThat(trace.aborted()).isTrue());
        assertThat(simulator.scheduler().running()).isZero();
    }

    /** A protocol of plain labels. */
    private record Labels(int steps) implements StreamEncoder {
        @Override
        public void start(EventBuffer out) {
            out.append("start|".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void step(EventBuffer out, int step) {
            out.appendNumber(step);
        }

        @Override
        public void end(EventBuffer out) {
            out.append("|end".getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** When each flush happened; can block (a client that stops reading) or fail (one gone) at a given write. */
    private static final class Stamps extends OutputStream {
        final List<Long> flushes = new CopyOnWriteArrayList<>();
        final CountDownLatch unblock = new CountDownLatch(1);
        int blockAtWrite = Integer.MAX_VALUE;
        int failAtWrite = Integer.MAX_VALUE;
        private int writes;

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("the loop writes whole events");
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            writes++;
            if (writes == failAtWrite) {
                throw new IOException("Broken pipe");
            }
            if (writes == blockAtWrite) {
                try {
                    unblock.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        }

        @Override
        public void flush() {
            flushes.add(System.nanoTime());
        }
    }
}
