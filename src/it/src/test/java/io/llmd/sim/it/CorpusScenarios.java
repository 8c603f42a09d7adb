package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The corpus of bad, odd and hostile requests ({@link Corpus}), run twice over against one
 * server: every request answered without a 5xx, every error in vLLM's JSON shape, a control
 * request served after each, no request left running or waiting, and no memory kept.
 * <p>
 * Memory: the corpus runs twice, and what the server's heap still holds (its live objects after
 * a forced full collection) is compared between the end of the first pass and the end of the
 * second. The first pass warms everything up (classes, caches, pools, a cache filled to its
 * bound), so a server that keeps nothing ends the second pass within a few MiB of the first; one
 * that keeps what requests carried grows by at least 36 MiB a pass, as the huge words of the
 * {@link MemoryCases} are new in every pass. The bound of 24 MiB is far above the noise of a
 * live-object count on a busy machine and below the smallest such leak. Resident memory is not
 * used: the JVM does not give freed heap back at once.
 * <p>
 * The second pass checks every answer and sends the control request after each, but leaves the
 * scheduler's gauges to the end: the first pass has named any case that leaks a slot.
 */
abstract class CorpusScenarios {
    static final long HEAP_GROWTH_BOUND = 24L << 20;

    abstract CorpusTarget target();

    @Test
    void everyHostileRequestIsAnsweredSafelyAndLeavesNothingBehind() {
        CorpusTarget target = target();
        List<HostileCase> cases = Corpus.selected(Corpus.all(), target);
        CorpusRunner runner = new CorpusRunner(target, control());
        runner.run(cases, 1);
        long afterFirst = runner.stopped() ? 0 : target.usedHeapAfterFullGc();
        int restartsInFirst = runner.restarts();
        runner.run(cases, 2);
        runner.checkDrained();
        if (!runner.stopped()) {
            if (runner.restarts() > restartsInFirst) {
                runner.note("memory not compared: the server was restarted during the second pass");
            } else {
                long afterSecond = target.usedHeapAfterFullGc();
                if (afterSecond - afterFirst > HEAP_GROWTH_BOUND) {
                    runner.note("memory: the live heap after a full collection grew from " + (afterFirst >> 20)
                            + " MiB after the first pass to " + (afterSecond >> 20) + " MiB after the second (at most +"
                            + (HEAP_GROWTH_BOUND >> 20) + " MiB allowed)");
                }
            }
        }
        List<String> report = runner.report();
        assertThat(report)
                .withFailMessage(() -> report.size() + " problem(s) with " + cases.size()
                        + " hostile requests (one line each: case | request | what was wrong):\n"
                        + String.join("\n", report))
                .isEmpty();
    }

    /** A small chat completion, which must be served after every hostile request. */
    static Wire control() {
        return Route.CHAT.post(Route.CHAT
                .valid()
                .with("messages", "[{\"role\":\"user\",\"content\":\"ping\"}]")
                .with("max_tokens", "2")
                .text());
    }
}
