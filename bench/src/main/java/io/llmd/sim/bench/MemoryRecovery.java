package io.llmd.sim.bench;

/**
 * How fast the server gives memory back after a load: its resident set sampled once a second for
 * up to {@value #SECONDS} s after the last phase, and the first second it was under the target
 * (the "back under 150 MB within a minute").
 */
final class MemoryRecovery {
    static final int SECONDS = 60;
    static final long TARGET_KB = 150L * 1000 * 1000 / 1024;

    /** RSS at the load's end, the seconds until it was under the target (-1: not within the window), RSS at the end. */
    record Result(long atEndKb, int secondsToTarget, long afterKb) {}

    private MemoryRecovery() {}

    /** Samples {@code pid} until the window ends (it does not stop early, so that the last figure is always at 60 s). */
    static Result sample(long pid) throws InterruptedException {
        long atEnd = ProcFs.rssKb(pid);
        int under = atEnd >= 0 && atEnd <= TARGET_KB ? 0 : -1;
        long last = atEnd;
        for (int second = 1; second <= SECONDS; second++) {
            Thread.sleep(1_000);
            last = ProcFs.rssKb(pid);
            if (under < 0 && last >= 0 && last <= TARGET_KB) {
                under = second;
            }
        }
        return new Result(atEnd, under, last);
    }
}
