package io.llmd.sim.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Measures the cost of one phase: the server's CPU time and peak resident memory (sampled every
 * 50 ms on a small thread of its own), the generator's own CPU time and GC, the CPU time used by
 * anything else on the machine (which spoils the figures when high), and how many connections
 * the kernel dropped because a listen queue was full.
 */
final class PhaseMeter {
    private static final long SAMPLE_MILLIS = 50;

    /** What a phase cost. */
    record Usage(
            double wallSeconds,
            double serverCpuSeconds,
            long serverStartRssKb,
            long serverPeakRssKb,
            int serverPeakThreads,
            double generatorCpuSeconds,
            long generatorGcCount,
            long generatorGcMillis,
            long listenOverflows,
            double otherCpuSeconds) {
        double serverCpuPercent() {
            return wallSeconds <= 0 ? 0 : 100 * serverCpuSeconds / wallSeconds;
        }

        double generatorCpuPercent() {
            return wallSeconds <= 0 ? 0 : 100 * generatorCpuSeconds / wallSeconds;
        }

        /** CPU used by everything else on the machine, in percent of one CPU. */
        double otherCpuPercent() {
            return wallSeconds <= 0 ? 0 : 100 * otherCpuSeconds / wallSeconds;
        }
    }

    private final long serverPid;
    private final long startNanos = System.nanoTime();
    private final double serverCpuStart;
    private final double generatorCpuStart;
    private final long gcCountStart;
    private final long gcMillisStart;
    private final long startRssKb;
    private final long listenOverflowsStart;
    private final double machineBusyStart;
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long peakRssKb;
    private volatile int peakThreads;

    private PhaseMeter(long serverPid) {
        this.serverPid = serverPid;
        this.serverCpuStart = ProcFs.cpuSeconds(serverPid);
        this.generatorCpuStart = ProcFs.cpuSeconds(ProcessHandle.current().pid());
        this.gcCountStart = gcCount();
        this.gcMillisStart = gcMillis();
        this.startRssKb = ProcFs.rssKb(serverPid);
        this.listenOverflowsStart = ProcFs.tcpExtCounter("ListenOverflows");
        this.machineBusyStart = ProcFs.machineBusySeconds();
        sample();
        this.sampler = Thread.ofPlatform().daemon().name("bench-sampler").start(this::sampleLoop);
    }

    static PhaseMeter start(long serverPid) {
        return new PhaseMeter(serverPid);
    }

    Usage stop() {
        running = false;
        sampler.interrupt();
        try {
            sampler.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        double wall = (System.nanoTime() - startNanos) / 1e9;
        long overflows = ProcFs.tcpExtCounter("ListenOverflows");
        double server = ProcFs.cpuSeconds(serverPid) - serverCpuStart;
        double generator = ProcFs.cpuSeconds(ProcessHandle.current().pid()) - generatorCpuStart;
        double other = Math.max(0, ProcFs.machineBusySeconds() - machineBusyStart - server - generator);
        return new Usage(
                wall,
                server,
                startRssKb,
                peakRssKb,
                peakThreads,
                generator,
                gcCount() - gcCountStart,
                gcMillis() - gcMillisStart,
                overflows < 0 || listenOverflowsStart < 0 ? -1 : overflows - listenOverflowsStart,
                other);
    }

    private void sampleLoop() {
        while (running) {
            sample();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        long rss = ProcFs.rssKb(serverPid);
        if (rss > peakRssKb) {
            peakRssKb = rss;
        }
        int threads = ProcFs.threads(serverPid);
        if (threads > peakThreads) {
            peakThreads = threads;
        }
    }

    private static long gcCount() {
        long count = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, gc.getCollectionCount());
        }
        return count;
    }

    private static long gcMillis() {
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            millis += Math.max(0, gc.getCollectionTime());
        }
        return millis;
    }
}
