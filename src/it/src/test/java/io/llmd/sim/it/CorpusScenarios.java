package io.llmd.sim.it;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The corpus of bad, odd and hostile requests ({@link Corpus}), run twice over against one
 * server: every request answered without a 5xx, every error in vLLM's JSON shape, a control
 * request served after each, no request left running or waiting, and no memory kept.
 * <p>
 * Memory: the corpus runs twice and the server's used heap after a forced full collection is
 * compared between the end of the first pass and the end of the second. The first pass warms
 * everything up (classes, caches, pools, a cache filled to its bound), so a server that keeps
 * nothing ends the second pass within a few MiB of the first; one that keeps what requests
 * carried grows by at least {@link MemoryCases#bytesPerPass()} (96 MiB) a pass, as the huge words
 * of the memory cases are new in every pass. The bound of 32 MiB is a third of that: far from
 * the noise of a collected heap on a busy machine, far below the smallest leak it is meant to see.
 * Resident memory is not used: the JVM does not give freed heap back at once.
 */
abstract class CorpusScenarios {
    static final long HEAP_GROWTH_BOUND = 32L << 20;

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
                    runner.note("memory: the used heap after a full collection grew from " + (afterFirst >> 20)
                            + " MiB after the first pass to " + (afterSecond >> 20) + " MiB after the second (at most +"
                            + (HEAP_GROWTH_BOUND >> 20) + " MiB allowed)");
                }
            }
        }
        List<String> report = runner.report(2);
        assertThat(report).withFailMessage(() -> report.size() + " problem(s) with " + cases.size()
                + " hostile requests (one line each: case | request | what was wrong):\n" + String.join("\n", report)).isEmpty();
    }

    /** A small chat completion, which must be served after every hostile request. */
    static Wire control() {
        return Route.CHAT.post(Route.CHAT.valid().with("messages", "[{\"role\":\"user\",\"content\":\"ping\"}]")
                .with("max_tokens", "2").text());
    }
}
