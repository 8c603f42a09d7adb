package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.llmd.sim.metrics.VllmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTest {
    private static final long TTFT = 100_000_000;
    private static final long ITL = 10_000_000;
    private static final long START = 1_000_000;

    private final FakeClock clock = new FakeClock(START);
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SimConfig config = config(
            "--model",
            "m",
            "--mode",
            "echo",
            "--time-to-first-token",
            "100",
            "--inter-token-latency",
            "10",
            "--max-num-seqs",
            "1",
            "--seed",
            "1");
    private final Simulator simulator =
            new Simulator(config, clock, List.of(new VllmMetrics(registry, config.maxModelLen()).engine(config)));

    private Generation plan(String echoText) {
        return simulator.plan(new GenerationRequest(new ModelTarget("m", null), "prompt", echoText, null));
    }

    @Test
    void carriesItsPlannedGeneration() {
        Generation generation = plan("one two");

        assertThat(simulator.admit(generation, START).generation()).isSameAs(generation);
    }

    @Test
    void firstTokenIsDueTimeToFirstTokenAfterTheStart() throws InterruptedException {
        Run run = simulator.admit(plan("one two three"), START);

        run.awaitStart();
        int index = run.awaitNextToken();

        assertThat(index).isZero();
        assertThat(clock.nanoTime()).isEqualTo(START + TTFT);
    }

    @Test
    void withoutWaitingTheRunSaysWhenEachTokenIsDueAndHandsThemOutInOrder() throws InterruptedException {
        Run run = simulator.admit(plan("one two three"), START);
        run.awaitStart();

        for (int i = 0; i < 3; i++) {
            assertThat(run.nextTokenDue()).isEqualTo(START + TTFT + i * ITL);
            assertThat(run.takeToken()).isEqualTo(i);
        }
        assertThat(clock.nanoTime()).as("nothing waited").isEqualTo(START);
    }

    @Test
    void aCancelledRunHandsOutNoTokenAndCannotRestart() throws InterruptedException {
        Run run = simulator.admit(plan("one two three"), START);
        run.awaitStart();
        run.cancel();

        assertThat(run.takeToken()).isEqualTo(-1);
        assertThatThrownBy(run::awaitRestart).isInstanceOf(InterruptedException.class);
    }

    @Test
    void tokenIIsDueInterTokenLatencyTimesIAfterTheFirst() throws InterruptedException {
        Run run = simulator.admit(plan("one two three four"), START);
        run.awaitStart();

        for (int i = 0; i < 4; i++) {
            assertThat(run.awaitNextToken()).isEqualTo(i);
            assertThat(clock.nanoTime()).isEqualTo(START + TTFT + i * ITL);
        }
    }

    @Test
    void lateWakeUpDoesNotPushLaterTokensBack() throws InterruptedException {
        Run run = simulator.admit(plan("one two three"), START);
        run.awaitStart();

        clock.wakeLateOnce(15_000_000);
        run.awaitNextToken();
        long lateFirst = clock.nanoTime();
        run.awaitNextToken();
        long second = clock.nanoTime();
        run.awaitNextToken();

        assertThat(lateFirst).isEqualTo(START + TTFT + 15_000_000);
        assertThat(second)
                .as("the second token was already due when the first one was late")
                .isEqualTo(lateFirst);
        assertThat(clock.nanoTime()).isEqualTo(START + TTFT + 2 * ITL);
        assertThat(clock.deadlines()).containsExactly(START + TTFT, START + TTFT + ITL, START + TTFT + 2 * ITL);
    }

    @Test
    void metricsRecordEachTokenWhenItWasDueEvenAfterALateWakeUp() throws InterruptedException {
        Run run = simulator.admit(plan("one two three four five"), START);
        run.awaitStart();

        clock.wakeLateOnce(17_000_000);
        run.awaitAnswer();
        run.finish();

        assertThat(histogramSum("vllm:time_to_first_token_seconds")).isCloseTo(TTFT / 1e9, within(1e-9));
        assertThat(histogramSum("vllm:inter_token_latency_seconds")).isCloseTo(4 * ITL / 1e9, within(1e-9));
    }

    @Test
    void wholeAnswerIsDueWhenItsLastTokenIs() throws InterruptedException {
        Run run = simulator.admit(plan("one two three four five"), START);
        run.awaitStart();

        run.awaitAnswer();

        assertThat(clock.nanoTime()).isEqualTo(START + TTFT + 4 * ITL);
        assertThat(clock.deadlines())
                .containsExactly(
                        START + TTFT,
                        START + TTFT + ITL,
                        START + TTFT + 2 * ITL,
                        START + TTFT + 3 * ITL,
                        START + TTFT + 4 * ITL);
    }

    /** A simulator in omni mode whose images take {@code imageMillis} ms. */
    private Simulator omni(String imageMillis) {
        SimConfig omni = config(
                "--model",
                "m",
                "--mode",
                "echo",
                "--time-to-first-token",
                "100",
                "--inter-token-latency",
                "10",
                "--omni",
                "--time-to-generate-image",
                imageMillis,
                "--seed",
                "1");
        return new Simulator(omni, clock, List.of());
    }

    @Test
    void aWholeAnswerWithAnImageIsDueTheImageTimeAfterItsLastToken() throws InterruptedException {
        Simulator omni = omni("250");
        Run run = omni.admit(
                omni.plan(new GenerationRequest(new ModelTarget("m", null), "prompt", "one two three", null)), START);
        run.generateImage();
        run.awaitStart();

        run.awaitAnswer();

        assertThat(clock.nanoTime()).isEqualTo(START + TTFT + 2 * ITL + 250_000_000L);
        assertThat(run.isEnded())
                .as("the request still runs while its image is made")
                .isFalse();
    }

    @Test
    void aStreamWithAnImageHasOneMoreStepTheImageTimeAfterItsLastToken() throws InterruptedException {
        Simulator omni = omni("250");
        Run run = omni.admit(
                omni.plan(new GenerationRequest(new ModelTarget("m", null), "prompt", "one two", null)), START);
        run.generateImage();
        run.awaitStart();

        assertThat(run.takeToken()).isZero();
        assertThat(run.nextTokenDue()).isEqualTo(START + TTFT + ITL);
        assertThat(run.takeToken()).isEqualTo(1);
        assertThat(run.nextTokenDue()).isEqualTo(START + TTFT + ITL + 250_000_000L);
        assertThat(run.takeToken()).as("the image's step").isEqualTo(2);
    }

    @Test
    void anImageWithoutGenerationTimeComesWithTheLastToken() throws InterruptedException {
        Simulator omni = omni("0");
        Run run = omni.admit(
                omni.plan(new GenerationRequest(new ModelTarget("m", null), "prompt", "one two", null)), START);
        run.generateImage();
        run.awaitStart();

        run.awaitAnswer();

        assertThat(clock.nanoTime()).isEqualTo(START + TTFT + ITL);
    }

    @Test
    void emptyAnswerIsDueWhenTheFirstTokenWouldBe() throws InterruptedException {
        Run run = simulator.admit(plan(""), START);
        run.awaitStart();

        run.awaitAnswer();

        assertThat(clock.nanoTime()).isEqualTo(START + TTFT);
    }

    @Test
    void timesItsTokensFromItsArrivalWhenItStartsAtOnce() throws InterruptedException {
        clock.set(START + 3_000_000);
        Run run = simulator.admit(plan("one"), START);
        run.awaitStart();

        run.awaitAnswer();

        assertThat(clock.nanoTime()).isEqualTo(START + TTFT);
    }

    @Test
    void timesItsTokensFromWhenItLeftTheQueue() throws InterruptedException {
        Run first = simulator.admit(plan("one"), START);
        Run second = simulator.admit(plan("one two"), START);
        clock.set(5_000_000_000L);

        first.finish();
        second.awaitStart();
        second.awaitAnswer();

        assertThat(clock.nanoTime()).isEqualTo(5_000_000_000L + TTFT + ITL);
    }

    @Test
    void finishingFreesItsPlace() {
        Run first = simulator.admit(plan("one"), START);
        simulator.admit(plan("two"), START);

        first.finish();

        assertThat(simulator.scheduler().running()).isEqualTo(1);
        assertThat(simulator.scheduler().waiting()).isZero();
    }

    @Test
    void cancellingFreesItsPlaceAtOnce() {
        Run first = simulator.admit(plan("one"), START);
        Run second = simulator.admit(plan("two"), START);

        second.cancel();
        first.cancel();

        assertThat(simulator.scheduler().running()).isZero();
        assertThat(simulator.scheduler().waiting()).isZero();
        assertThat(clock.deadlines()).isEqualTo(List.of());
    }

    @Test
    void awaitAnswerPlaysOneStepPerTokenOfTheLongestChoice() throws InterruptedException {
        Run run = simulator.admit(twoChoices(), START);
        run.awaitStart();

        run.awaitAnswer();

        assertThat(clock.deadlines())
                .containsExactly(START + TTFT, START + TTFT + ITL, START + TTFT + 2 * ITL, START + TTFT + 3 * ITL);
    }

    @Test
    void countsTheTokensOfEveryChoiceAsGenerated() throws InterruptedException {
        Run run = simulator.admit(twoChoices(), START);
        run.awaitStart();

        run.awaitAnswer();
        run.finish();

        assertThat(counter(VllmMetrics.GENERATION_TOKENS)).isEqualTo(6);
        assertThat(histogramSum(VllmMetrics.GENERATION_TOKENS_HISTOGRAM)).isEqualTo(6);
        assertThat(histogramSum(VllmMetrics.MAX_NUM_GENERATION_TOKENS)).isEqualTo(4);
        assertThat(histogramSum(VllmMetrics.PARAMS_N)).isEqualTo(2);
    }

    @Test
    void tokensDeliveredAddsUpWhatEachStepCarried() throws InterruptedException {
        Run run = simulator.admit(plan("one two three"), START);
        run.awaitStart();

        run.awaitNextToken();
        run.tokensDelivered(3);
        run.awaitNextToken();
        run.tokensDelivered(2);
        run.finish();

        assertThat(counter(VllmMetrics.GENERATION_TOKENS)).isEqualTo(5);
        assertThat(histogramSum(VllmMetrics.GENERATION_TOKENS_HISTOGRAM)).isEqualTo(5);
        assertThat(histogramSum(VllmMetrics.MAX_NUM_GENERATION_TOKENS)).isEqualTo(2);
    }

    @Test
    void countsAFinishedRequestUnderItsFinishReason() throws InterruptedException {
        Run run = simulator.admit(
                simulator.plan(new GenerationRequest(new ModelTarget("m", null), "prompt", "one two three", 2)), START);
        run.awaitStart();

        run.awaitAnswer();
        run.finish();

        assertThat(successes("length")).isEqualTo(1);
    }

    @Test
    void countsAToolCallAsAStoppedRequestAsVllmDoes() throws InterruptedException {
        ToolCall call = new ToolCall("id", "f", "{}");
        Run run = simulator.admit(
                simulator.plan(new GenerationRequest(
                        new ModelTarget("m", null),
                        "prompt",
                        0,
                        "x",
                        null,
                        GenerationRequest.Sampling.DEFAULT,
                        List.of(GenerationRequest.StructuredAnswer.call(call, false)))),
                START);
        run.awaitStart();

        run.awaitAnswer();
        run.finish();

        assertThat(successes("stop")).isEqualTo(1);
    }

    @Test
    void aRequestThatOnlyPrefillsIsAdmittedAndEndsWhenItsPrefillIsDone() throws InterruptedException {
        Generation promptOnly = simulator.plan(
                GenerationRequest.promptOnly(new ModelTarget("m", null), "a prompt of six tokens here", 2));
        Run run = simulator.admit(promptOnly, START);
        run.awaitStart();

        run.awaitAnswer();
        run.finish();

        assertThat(promptOnly.choices()).isEmpty();
        assertThat(clock.nanoTime()).isEqualTo(START + TTFT);
        assertThat(clock.deadlines()).containsExactly(START + TTFT);
        assertThat(counter(VllmMetrics.PROMPT_TOKENS)).isEqualTo(promptOnly.promptTokens());
        assertThat(counter(VllmMetrics.GENERATION_TOKENS)).isZero();
        assertThat(successes("stop")).isEqualTo(1);
        assertThat(histogramSum(VllmMetrics.PARAMS_N)).isZero();
        assertThat(run.trace().generated()).isZero();
        assertThat(run.trace().producedTokens()).isFalse();
        assertThat(simulator.scheduler().running()).isZero();
    }

    private double successes(String reason) {
        return ((CounterSnapshot) snapshot(VllmMetrics.REQUEST_SUCCESS))
                .getDataPoints().stream()
                        .filter(point -> reason.equals(point.getLabels().get("finished_reason")))
                        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue)
                        .sum();
    }

    private Generation twoChoices() {
        return TestPlans.twoChoices(simulator);
    }

    private double counter(String name) {
        return ((CounterSnapshot) snapshot(name)).getDataPoints().getFirst().getValue();
    }

    private double histogramSum(String name) {
        return ((HistogramSnapshot) snapshot(name)).getDataPoints().getFirst().getSum();
    }

    private MetricSnapshot snapshot(String name) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals(name)) {
                return snapshot;
            }
        }
        throw new AssertionError("no metric " + name);
    }
}
