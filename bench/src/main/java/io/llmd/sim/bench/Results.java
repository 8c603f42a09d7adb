package io.llmd.sim.bench;

import java.util.List;

/** What the phases hand to the {@link Report}. */
final class Results {
    private Results() {}

    /** One streamed run (an open-loop rate or the burst). */
    record StreamRun(int rate, int seconds, int streams, StreamStats stats, PhaseMeter.Usage usage) {}

    /** One closed-loop throughput run. */
    record ThroughputRun(String label, ClosedLoopScenario.Result result) {}

    /** One server process, as started for a group of phases. */
    record Server(
            String role,
            List<String> command,
            String jvmFlags,
            String cpus,
            long maxOpenFiles,
            int listenBacklog,
            double startSeconds,
            long idleRssKb,
            long warmRssKb,
            long afterRssKb,
            List<String> problems,
            String log) {}

    /**
     * One start of a new server: when it first answered, its first stream's first-token error and
     * worst gap error (absolute), and the first-token error of simultaneous streams sent next.
     */
    record ColdStart(
            double startSeconds,
            double firstTokenErrorMs,
            double worstGapErrorMs,
            double simultaneousFirstTokenErrorP50Ms,
            double simultaneousFirstTokenErrorMaxMs) {}

    /** The cold phase: its starts, the open loop against a new server, and that server's memory. */
    record Cold(
            List<ColdStart> starts,
            StreamRun openLoop,
            long idleRssKb,
            long afterRssKb,
            MemoryRecovery.Result recovery) {}
}
