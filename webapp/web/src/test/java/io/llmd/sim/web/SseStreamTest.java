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
import io.llmd.sim.core.TestPlans;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** The SSE loop knows no protocol: it drives whatever encoder it is given, and the core's timing and counts. */
class SseStreamTest {
    private final List<Integer> delivered = new CopyOnWriteArrayList<>();
    private final List<RequestTrace> ended = new CopyOnWriteArrayList<>();
    private final Simulator simulator = new Simulator(
            ConfigParser.build(
                    CommandLine.parse(
                                    "--model",
                                    "m",
                                    "--mode",
                                    "echo",
                                    "--time-to-first-token",
                                    "0",
                                    "--inter-token-latency",
                                    "0",
                                    "--max-num-seqs",
                                    "1")
                            .values(),
                    () -> 1L),
            NanoClock.SYSTEM,
            List.of(new EngineListener() {
                @Override
                public void onTokensDelivered(long gapNanos, boolean first, int tokens) {
                    delivered.add(tokens);
                }

                @Override
                public void onRequestEnded(RequestTrace trace) {
                    ended.add(trace);
                }
            }));

    private Generation twoChoices() {
        return TestPlans.twoChoices(simulator);
    }

    @Test
    void writesTheStartAtOnceThenEachStepInOneWriteAndFlushTheLastWithTheEnd() {
        Generation generation = twoChoices();
        Flushes out = new Flushes();

        new SseStream(simulator.admit(generation, 0), new Labels(generation.steps())).write(out);

        assertThat(out.flushed).containsExactly("start|", "step0|", "step1|", "step2|", "step3|end|");
    }

    @Test
    void whereTheContainerSendsEachWriteAtOnceOnlyTheCommittingWriteIsFlushed() {
        Generation generation = twoChoices();
        Flushes out = new Flushes();

        new SseStream(
                        simulator.admit(generation, 0),
                        new Labels(generation.steps()),
                        ErrorRenderers.forPath("/v1"),
                        null,
                        NanoClock.SYSTEM,
                        false)
                .write(out);

        assertThat(out.flushed).containsExactly("start|");
        assertThat(delivered).containsExactly(2, 2, 1, 1);
        out.flush();
        assertThat(out.flushed).containsExactly("start|", "step0|step1|step2|step3|end|");
    }

    @Test
    void tellsTheEngineHowManyTokensEachStepDelivered() {
        Generation generation = twoChoices();

        new SseStream(simulator.admit(generation, 0), new Labels(generation.steps())).write(new Flushes());

        assertThat(delivered).containsExactly(2, 2, 1, 1);
        assertThat(ended).singleElement().satisfies(trace -> {
            assertThat(trace.aborted()).isFalse();
            assertThat(trace.generated()).isEqualTo(6);
        });
        assertThat(simulator.scheduler().running()).isZero();
    }

    @Test
    void anAnswerWithoutTokensStillTakesTheEncodersOneStepAndItsEnd() {
        Generation empty = simulator.plan(new GenerationRequest(new ModelTarget("m", null), "prompt", "", null));
        Flushes out = new Flushes();

        new SseStream(simulator.admit(empty, 0), new Labels(1)).write(out);

        assertThat(out.flushed).containsExactly("start|", "step0|end|");
        assertThat(delivered).isEmpty();
        assertThat(ended)
                .singleElement()
                .satisfies(trace -> assertThat(trace.aborted()).isFalse());
    }

    @Test
    void sendsTheStartBeforeTheRequestHasItsPlace() throws InterruptedException {
        Run holder = simulator.admit(twoChoices(), 0);
        Generation generation = twoChoices();
        Run waiting = simulator.admit(generation, 0);
        Flushes out = new Flushes();
        Thread stream =
                Thread.ofVirtual().start(() -> new SseStream(waiting, new Labels(generation.steps())).write(out));

        assertThat(out.firstFlush.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out.flushed).containsExactly("start|");
        assertThat(waiting.isStarted()).isFalse();
        holder.finish();
        stream.join(10_000);

        assertThat(out.flushed).containsExactly("start|", "step0|", "step1|", "step2|", "step3|end|");
    }

    @Test
    void aClientGoneFreesThePlaceAndEndsTheRunAsAborted() {
        Generation generation = twoChoices();
        Flushes out = new Flushes();
        out.failAfter = 2;

        new SseStream(simulator.admit(generation, 0), new Labels(generation.steps())).write(out);

        assertThat(out.flushed).containsExactly("start|", "step0|");
        assertThat(ended)
                .singleElement()
                .satisfies(trace -> assertThat(trace.aborted()).isTrue());
        assertThat(simulator.scheduler().running()).isZero();
    }

    @Test
    void aStreamEndedByAThreadInterruptLeavesItsThreadUninterruptedForTheContainersEnd() throws InterruptedException {
        // As the server's stop interrupts the request threads.
        assertThat(endedWhileWaiting((thread, run) -> thread.interrupt()))
                .as("interrupted after")
                .isFalse();
    }

    @Test
    void aStreamCancelledWhileItWaitsLeavesItsThreadUninterrupted() throws InterruptedException {
        // As the client watch does when the client has gone.
        assertThat(endedWhileWaiting((thread, run) -> run.cancel()))
                .as("interrupted after")
                .isFalse();
    }

    /**
     * Streams a run that waits behind another for its place, ends it with {@code end} once the
     * stream has flushed its start, and says whether the stream's thread was still interrupted
     * when {@code write} returned: what the container's end of the response (Jersey's close,
     * Tomcat's last chunk) would run on.
     */
    private boolean endedWhileWaiting(BiConsumer<Thread, Run> end) throws InterruptedException {
        Run holder = simulator.admit(twoChoices(), 0);
        Generation generation = twoChoices();
        Run waiting = simulator.admit(generation, 0);
        Flushes out = new Flushes();
        AtomicBoolean interruptedAfter = new AtomicBoolean(true);
        Thread stream = Thread.ofVirtual().start(() -> {
            new SseStream(waiting, new Labels(generation.steps())).write(out);
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });

        assertThat(out.firstFlush.await(10, TimeUnit.SECONDS)).isTrue();
        end.accept(stream, waiting);
        stream.join(10_000);

        assertThat(stream.isAlive()).isFalse();
        assertThat(waiting.isEnded()).isTrue();
        assertThat(out.flushed).containsExactly("start|");
        holder.finish();
        return interruptedAfter.get();
    }

    /** A protocol of plain labels: {@code start|}, {@code stepN|}, {@code end|}. */
    private record Labels(int steps) implements StreamEncoder {
        @Override
        public void start(EventBuffer out) {
            out.append(bytes("start|"));
        }

        @Override
        public void step(EventBuffer out, int step) {
            out.append(bytes("step")).appendNumber(step).append(bytes("|"));
        }

        @Override
        public void end(EventBuffer out) {
            out.append(bytes("end|"));
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** What went out at each flush; can fail as a client that went away does, at a given write. */
    private static final class Flushes extends OutputStream {
        final List<String> flushed = new CopyOnWriteArrayList<>();
        final CountDownLatch firstFlush = new CountDownLatch(1);
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int failAfter = Integer.MAX_VALUE;
        private int writes;

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("the loop writes whole events");
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (++writes > failAfter) {
                throw new IOException("Broken pipe");
            }
            pending.write(bytes, offset, length);
        }

        @Override
        public void flush() {
            flushed.add(pending.toString(StandardCharsets.US_ASCII));
            pending.reset();
            firstFlush.countDown();
        }
    }
}
