package io.llmd.sim.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmark: starts the launcher jar (pinned to its CPUs), drives it over loopback with
 * the single-threaded generator in this JVM, stops it, and prints a Markdown report on stdout
 * (progress goes to stderr). Every phase is bounded in time, and the server is killed on exit,
 * Ctrl-C, an exception or the overall time limit.
 */
public final class Benchmark {
    private static final long START = System.nanoTime();
    private static final int THROUGHPUT_TOKENS = 20;
    private static final long PAUSE_MILLIS = 2_000;

    private final Options options;
    private final Report report;
    private volatile ServerProcess server;
    private volatile Path jar;

    private Benchmark(Options options) {
        this.options = options;
        this.report = new Report(options);
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            return;
        }
        Benchmark benchmark = new Benchmark(options);
        Runtime.getRuntime().addShutdownHook(new Thread(benchmark::stopServer, "bench-stop-server"));
        startWatchdog(options.timeLimitSeconds());
        int status = 0;
        try {
            benchmark.run();
        } catch (Exception e) {
            log("failed: " + e);
            e.printStackTrace();
            status = 1;
        } finally {
            benchmark.stopServer();
        }
        System.exit(status);
    }

    private void run() throws Exception {
        if (options.serverCpus() != null && Pinning.tasksetOrNull() == null) {
            throw new IllegalStateException("taskset not found: install util-linux or pass --server-cpus none");
        }
        jar = snapshot(options.jar());
        if (options.runs(Options.Phase.COLD)) {
            coldPhase();
        }
        if (options.runs(Options.Phase.OPEN) || options.runs(Options.Phase.BURST)) {
            latencyPhases();
        }
        if (options.runs(Options.Phase.FLOOR)) {
            floorPhases();
        }
        if (options.runs(Options.Phase.THROUGHPUT)) {
            throughputPhases();
        }
        String markdown = report.render();
        System.out.print(markdown);
        System.out.flush();
        if (options.out() != null) {
            Files.writeString(options.out(), markdown);
            log("report written to " + options.out());
        }
    }

    /** New servers, no warm-up by the client: start time, first requests, cold open loop, memory. */
    private void coldPhase() throws Exception {
        String role = "cold: TTFT " + options.ttftMillis() + " ms, ITL " + options.itlMillis() + " ms";
        Results.Cold cold = new ColdPhase(options).run(new ColdPhase.Servers() {
            @Override
            public ServerProcess start(String tag) throws Exception {
                return startServer(role, tag, options.ttftMillis(), options.itlMillis());
            }

            @Override
            public void stop() {
                stopServer();
            }
        });
        report.cold(cold);
    }

    /** Open loop and burst, on a server with the configured latencies. */
    private void latencyPhases() throws Exception {
        StreamTiming timing = StreamTiming.of(options);
        String role = "TTFT " + options.ttftMillis() + " ms, ITL " + options.itlMillis() + " ms";
        ServerProcess s = startServer(role, "latency", options.ttftMillis(), options.itlMillis());
        long idle = settledRss(s);
        InetSocketAddress address = address(s);
        ByteBuffer request = Requests.chat(s.port(), options.promptWords(), options.maxTokens(), true);
        if (options.warmupSeconds() > 0) {
            log("warm-up: " + options.warmupRate() + " streams/s for " + options.warmupSeconds() + " s (not counted)");
            StreamStats warm =
                    OpenLoopScenario.run(address, request, timing, options.warmupRate(), options.warmupSeconds());
            log(summary("warm-up", warm));
        }
        long warmRss = settledRss(s);
        if (options.runs(Options.Phase.OPEN)) {
            for (int rate : options.rates()) {
                int seconds = options.durationSeconds();
                log("open loop: " + rate + " streams/s for " + seconds + " s, then drain");
                prepare();
                PhaseMeter meter = PhaseMeter.start(s.serverPid());
                StreamStats stats = OpenLoopScenario.run(address, request, timing, rate, seconds);
                PhaseMeter.Usage usage = meter.stop();
                log(summary("R=" + rate, stats) + usageSummary(usage));
                report.openLoop(new Results.StreamRun(rate, seconds, rate * seconds, stats, usage));
            }
        }
        if (options.runs(Options.Phase.BURST)) {
            log("burst: " + options.burst() + " streams at once");
            prepare();
            PhaseMeter meter = PhaseMeter.start(s.serverPid());
            StreamStats stats = BurstScenario.run(address, request, timing, options.burst());
            PhaseMeter.Usage usage = meter.stop();
            log(summary("burst", stats) + usageSummary(usage));
            report.burst(new Results.StreamRun(0, 0, options.burst(), stats, usage));
        }
        if (options.runs(Options.Phase.OPEN) || options.runs(Options.Phase.BURST)) {
            log("memory after the load: RSS sampled for " + MemoryRecovery.SECONDS + " s");
            report.recovery(role, MemoryRecovery.sample(s.serverPid()));
        }
        finish(s, role, idle, warmRss, settledRss(s));
    }

    /**
     * The open-loop rates against the yardstick (a minimal NIO server from this jar, not the
     * product) on the same CPUs, after a short warm-up, so that the report shows ours beside it.
     */
    private void floorPhases() throws Exception {
        StreamTiming timing = StreamTiming.of(options);
        ServerProcess s = ServerProcess.launchFloor(options, options.ttftMillis(), options.itlMillis());
        server = s;
        s.awaitReady(30_000);
        log("floor server ready, pid " + s.serverPid() + " on CPU(s) " + ProcFs.cpusAllowed(s.serverPid()));
        InetSocketAddress address = address(s);
        ByteBuffer request = Requests.chat(s.port(), options.promptWords(), options.maxTokens(), true);
        int warmup = Math.min(5, options.warmupSeconds());
        if (warmup > 0) {
            OpenLoopScenario.run(address, request, timing, options.warmupRate(), warmup);
        }
        for (int rate : options.rates()) {
            int seconds = options.durationSeconds();
            log("floor, open loop: " + rate + " streams/s for " + seconds + " s, then drain");
            prepare();
            PhaseMeter meter = PhaseMeter.start(s.serverPid());
            StreamStats stats = OpenLoopScenario.run(address, request, timing, rate, seconds);
            PhaseMeter.Usage usage = meter.stop();
            log(summary("floor R=" + rate, stats) + usageSummary(usage));
            report.floor(new Results.StreamRun(rate, seconds, rate * seconds, stats, usage));
        }
        stopServer();
    }

    /** Closed-loop throughput, on a server restarted with no latency. */
    private void throughputPhases() throws Exception {
        ServerProcess s = startServer("TTFT 0, ITL 0", "zero-latency", 0, 0);
        long idle = settledRss(s);
        InetSocketAddress address = address(s);
        int warmup = Math.max(1, Math.min(3, options.warmupSeconds()));
        for (boolean streaming : new boolean[] {false, true}) {
            String label = streaming ? "streamed chat (20 tokens)" : "non-streamed chat (max_tokens 20)";
            log("throughput: " + label + ", " + options.connections() + " connections, " + warmup + " s warm-up + "
                    + options.throughputSeconds() + " s");
            prepare();
            ByteBuffer request = Requests.chat(s.port(), options.promptWords(), THROUGHPUT_TOKENS, streaming);
            ClosedLoopScenario.Result result = ClosedLoopScenario.run(
                    address,
                    s.serverPid(),
                    request,
                    streaming,
                    THROUGHPUT_TOKENS,
                    options.connections(),
                    warmup,
                    options.throughputSeconds());
            log(String.format(
                    Locale.ROOT,
                    "%s: %.0f requests/s, p50 %s ms, p99 %s ms, %d failed %s%s",
                    label,
                    result.requestsPerSecond(),
                    Report.ms(result.latency().percentileMs(50)),
                    Report.ms(result.latency().percentileMs(99)),
                    result.failed(),
                    result.failures(),
                    result.usage() == null ? "" : usageSummary(result.usage())));
            report.throughput(new Results.ThroughputRun(label, result));
        }
        finish(s, "TTFT 0, ITL 0", idle, -1, settledRss(s));
    }

    private ServerProcess startServer(String role, String tag, int ttftMillis, int itlMillis) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "--model",
                Requests.MODEL,
                "--mode",
                "echo",
                "--time-to-first-token",
                Integer.toString(ttftMillis),
                "--inter-token-latency",
                Integer.toString(itlMillis)));
        args.addAll(LauncherFlags.capacity(options, jar));
        args.addAll(options.serverArgs());
        ServerProcess s = ServerProcess.launch(options, jar, args, tag);
        server = s;
        log("server (" + role + "): " + String.join(" ", s.command()));
        s.awaitReady(60_000);
        log(String.format(
                Locale.ROOT,
                "server ready in %.2f s, serving JVM pid %d on CPU(s) %s, flags %s",
                s.startSeconds(),
                s.serverPid(),
                ProcFs.cpusAllowed(s.serverPid()),
                s.jvmFlags()));
        return s;
    }

    private void finish(ServerProcess s, String role, long idleRss, long warmRss, long afterRss) {
        String flags = s.jvmFlags();
        String cpus = ProcFs.cpusAllowed(s.serverPid());
        long files = ProcFs.maxOpenFiles(s.serverPid());
        int backlog = s.listenBacklog();
        stopServer();
        report.server(new Results.Server(
                role,
                s.command(),
                flags,
                cpus,
                files,
                backlog,
                s.startSeconds(),
                idleRss,
                warmRss,
                afterRss,
                s.problemLines(),
                s.log().toString()));
    }

    /**
     * Copies the launcher jar so that a rebuild during the run (it takes minutes) cannot change or
     * break the server under test; the copy is deleted at exit.
     */
    private Path snapshot(Path original) throws IOException {
        Files.createDirectories(options.logDir());
        Path copy = Files.createTempFile(options.logDir(), "bench-launcher-", ".jar");
        Files.copy(original, copy, StandardCopyOption.REPLACE_EXISTING);
        copy.toFile().deleteOnExit();
        return copy;
    }

    /** Resident memory after a second of rest. */
    private static long settledRss(ServerProcess s) throws InterruptedException {
        Thread.sleep(1_000);
        return ProcFs.rssKb(s.serverPid());
    }

    /** Lets the server settle and clears the generator's heap before a measured phase. */
    private static void prepare() throws InterruptedException {
        System.gc();
        Thread.sleep(PAUSE_MILLIS);
    }

    private static InetSocketAddress address(ServerProcess s) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), s.port());
    }

    private void stopServer() {
        ServerProcess s = server;
        if (s != null) {
            server = null;
            s.stop();
        }
    }

    private static String summary(String label, StreamStats stats) {
        Samples.Summary first = stats.firstTokenError.summary();
        Samples.Summary gaps = stats.interTokenError.summary();
        return String.format(
                Locale.ROOT,
                "%s: %d ok, %d failed %s, peak open %d, TTFT err p50 %s p99 %s max %s ms, "
                        + "gap err p50 %s p99 %s max %s ms, %.0f tokens/s (peak %d); "
                        + "worst TTFT err of the streams sent in each second (ms): %s",
                label,
                stats.ok(),
                stats.failed(),
                stats.failures().isEmpty() ? "" : stats.failures(),
                stats.peakOpen(),
                Report.ms(first.percentileMs(50)),
                Report.ms(first.percentileMs(99)),
                Report.ms(first.maxMs()),
                Report.ms(gaps.percentileMs(50)),
                Report.ms(gaps.percentileMs(99)),
                Report.ms(gaps.maxMs()),
                stats.meanTokensPerSecond(),
                stats.peakTokensPerSecond(),
                stats.worstFirstTokenBySecond());
    }

    private static String usageSummary(PhaseMeter.Usage usage) {
        return String.format(
                Locale.ROOT,
                "; server CPU %.1f s (%.0f%%), RSS peak %d MiB; generator CPU %.0f%%, GC %d ms",
                usage.serverCpuSeconds(),
                usage.serverCpuPercent(),
                usage.serverPeakRssKb() / 1024,
                usage.generatorCpuPercent(),
                usage.generatorGcMillis());
    }

    private static void startWatchdog(int seconds) {
        Thread.ofPlatform().daemon().name("bench-watchdog").start(() -> {
            try {
                Thread.sleep(seconds * 1_000L);
            } catch (InterruptedException e) {
                return;
            }
            log("time limit of " + seconds + " s reached: stopping");
            System.exit(3);
        });
    }

    static void log(String message) {
        System.err.printf(Locale.ROOT, "[bench %6.1f s] %s%n", (System.nanoTime() - START) / 1e9, message);
        System.err.flush();
    }
}
