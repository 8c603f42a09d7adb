package io.llmd.sim.bench;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The server as a user meets it: each start is a new launcher, and nothing warms it up from the
 * outside. Per start: the time to its first answer, then at once one stream (its first request)
 * and, from the second start on, {@value #SIMULTANEOUS} streams at one instant. On the first start,
 * after that one stream, an open loop at the lowest rate with no warm-up, and the server's memory:
 * idle before it, at its peak, and {@value #AFTER_SECONDS} s after it.
 */
final class ColdPhase {
    static final int SIMULTANEOUS = 60;
    static final int AFTER_SECONDS = MemoryRecovery.SECONDS;

    /** Starts and stops servers: the benchmark's own, so that they are killed on exit. */
    interface Servers {
        ServerProcess start(String tag) throws Exception;

        void stop();
    }

    private final Options options;
    private final StreamTiming timing;

    ColdPhase(Options options) {
        this.options = options;
        this.timing = StreamTiming.of(options);
    }

    Results.Cold run(Servers servers) throws Exception {
        List<Results.ColdStart> starts = new ArrayList<>();
        Results.StreamRun openLoop = null;
        long idleRss = -1;
        long afterRss = -1;
        MemoryRecovery.Result recovery = null;
        int rate = options.rates().getFirst();
        for (int i = 0; i < options.coldStarts(); i++) {
            ServerProcess s = servers.start("cold-" + i);
            InetSocketAddress address = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), s.port());
            ByteBuffer request = Requests.chat(s.port(), options.promptWords(), options.maxTokens(), true);
            StreamStats first = BurstScenario.run(address, request, timing, 1);
            Samples.Summary together = null;
            if (i == 0) {
                Thread.sleep(1_000);
                idleRss = ProcFs.rssKb(s.serverPid());
                Benchmark.log(
                        "cold open loop: " + rate + " streams/s for " + options.durationSeconds() + " s, no warm-up");
                PhaseMeter meter = PhaseMeter.start(s.serverPid());
                StreamStats stats = OpenLoopScenario.run(address, request, timing, rate, options.durationSeconds());
                openLoop = new Results.StreamRun(
                        rate, options.durationSeconds(), rate * options.durationSeconds(), stats, meter.stop());
                Benchmark.log("cold open loop done; memory in " + AFTER_SECONDS + " s");
                recovery = MemoryRecovery.sample(s.serverPid());
                afterRss = recovery.afterKb();
            } else {
                together = BurstScenario.run(address, request, timing, SIMULTANEOUS)
                        .firstTokenError
                        .summary();
            }
            Samples.Summary firstToken = first.firstTokenError.summary();
            Samples.Summary gaps = first.interTokenError.summary();
            starts.add(new Results.ColdStart(
                    s.startSeconds(),
                    first.ok() == 1 ? firstToken.maxMs() : Double.NaN,
                    first.ok() == 1 ? Math.max(Math.abs(gaps.minMs()), Math.abs(gaps.maxMs())) : Double.NaN,
                    together == null ? Double.NaN : together.percentileMs(50),
                    together == null ? Double.NaN : together.maxMs()));
            Benchmark.log(String.format(
                    java.util.Locale.ROOT,
                    "cold start %d: first answer after %.2f s; first stream: first-token error %s ms, worst gap error %s ms",
                    i + 1,
                    s.startSeconds(),
                    Report.ms(starts.getLast().firstTokenErrorMs()),
                    Report.ms(starts.getLast().worstGapErrorMs())));
            servers.stop();
        }
        return new Results.Cold(starts, openLoop, idleRss, afterRss, recovery);
    }
}
