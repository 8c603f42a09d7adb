package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's port: every listener it was built with hears the same events, in the order they happen. */
class EngineListenerTest {
    private static final long MS = 1_000_000;

    private final FakeClock clock = new FakeClock(0);
    private final Events first = new Events();
    private final Events second = new Events();
    private final Simulator simulator = new Simulator(
            config(
                    "--model",
                    "m",
                    "--mode",
                    "echo",
                    "--time-to-first-token",
                    "100",
                    "--inter-token-latency",
                    "10",
                    "--max-num-seqs",
                    "1"),
            clock,
            List.of(first, second));

    @Test
    void tellsEveryListenerOfARequestFromItsAdmissionToItsEnd() throws InterruptedException {
        Run run = simulator.admit(
                simulator.plan(new GenerationRequest(new ModelTarget("m", null), "a b c", "x y", null)), 0);
        run.awaitStart();
        run.awaitAnswer();
        run.finish();

        assertThat(first.events)
                .containsExactly(
                        "change running=1 waiting=0",
                        "prefilled 3",
                        "step first tokens=1",
                        "step gap=10ms tokens=1",
                        "change running=0 waiting=0",
                        "ended stop prompt=3 generated=2 from 0ms to 110ms");
        assertThat(second.events).isEqualTo(first.events);
    }

    @Test
    void tellsOfARequestPreemptedToFreeKvCacheBlocks() throws InterruptedException {
        Simulator small = new Simulator(
                config(
                        "--model",
                        "m",
                        "--mode",
                        "echo",
                        "--max-model-len",
                        "32",
                        "--kv-cache-size",
                        "2",
                        "--block-size",
                        "16",
                        "--max-num-seqs",
                        "2"),
                clock,
                List.of(first));
        String fifteenTokens = "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14";
        Run growing = small.admit(
                small.plan(new GenerationRequest(new ModelTarget("m", null), fifteenTokens, "x y", null)), 0);
        small.admit(small.plan(new GenerationRequest(new ModelTarget("m", null), fifteenTokens, "x y", null)), 0);
        growing.awaitStart();
        growing.awaitNextToken();
        growing.tokensDelivered(1);

        // Its second token needs a second block, which the other request holds.
        growing.awaitNextToken();

        assertThat(first.events)
                .containsSubsequence("change running=2 waiting=0", "preempted", "change running=1 waiting=1");
    }

    @Test
    void tellsOfARequestThatEndsOnceHoweverOftenItIsEnded() {
        Run run = simulator.admit(
                simulator.plan(new GenerationRequest(new ModelTarget("m", null), "a b c", "x y", null)), 0);
        run.cancel();
        run.cancel();
        run.finish();

        assertThat(first.events)
                .filteredOn(event -> event.startsWith("ended"))
                .containsExactly("ended abort prompt=3 generated=0 from 0ms to 0ms");
        assertThat(run.trace().aborted()).isTrue();
    }

    @Test
    void keepsOnTheRunTheTraceItPublishedWhenTheRunEnded() throws InterruptedException {
        Run run = simulator.admit(
                simulator.plan(new GenerationRequest(new ModelTarget("m", null), "a b c", "x y", null)), 0);
        run.awaitStart();
        run.awaitAnswer();

        assertThat(run.trace()).isNull();
        run.finish();
        assertThat(run.trace()).isSameAs(first.traces.getFirst()).isSameAs(second.traces.getFirst());
        assertThat(run.trace().aborted()).isFalse();
    }

    @Test
    void worksWithoutListeners() throws InterruptedException {
        Simulator quiet = new Simulator(config("--model", "m", "--mode", "echo"), clock, List.of());
        Run run = quiet.admit(quiet.plan(new GenerationRequest(new ModelTarget("m", null), "a", "b", null)), 0);
        run.awaitStart();
        run.awaitAnswer();
        run.finish();

        assertThat(run.isEnded()).isTrue();
    }

    /** Every event as a line of text. */
    private static final class Events implements EngineListener {
        final List<String> events = new ArrayList<>();
        final List<RequestTrace> traces = new ArrayList<>();

        @Override
        public void onChange(
                int running,
                int waiting,
                List<String> runningLoras,
                List<String> waitingLoras,
                boolean lorasChanged,
                int usedBlocks) {
            events.add("change running=" + running + " waiting=" + waiting);
        }

        @Override
        public void onPreemption() {
            events.add("preempted");
        }

        @Override
        public void onPrefilled(int promptTokens) {
            events.add("prefilled " + promptTokens);
        }

        @Override
        public void onTokensDelivered(long gapNanos, boolean first, int tokens) {
            events.add("step " + (first ? "first" : "gap=" + gapNanos / MS + "ms") + " tokens=" + tokens);
        }

        @Override
        public void onRequestEnded(RequestTrace trace) {
            traces.add(trace);
            events.add("ended " + trace.finishedReason() + " prompt=" + trace.promptTokens() + " generated="
                    + trace.generated() + " from " + trace.arrival() / MS + "ms to " + trace.end() / MS + "ms");
        }
    }
}
