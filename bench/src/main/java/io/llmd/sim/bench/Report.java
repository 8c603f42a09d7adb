package io.llmd.sim.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints the results as Markdown, ready to paste into docs/performance.md. */
final class Report {
    private static final double OTHER_CPU_WARNING_PERCENT = 10;
    private final Options options;
    private final StreamTiming timing;
    private final List<Results.Server> servers = new ArrayList<>();
    private final List<Results.StreamRun> openLoop = new ArrayList<>();
    private final List<Results.ThroughputRun> throughput = new ArrayList<>();
    private final List<Results.StreamRun> floor = new ArrayList<>();
    private Results.StreamRun burst;
    private Results.Cold cold;
    private final List<String> notes = new ArrayList<>();
    private final Map<String, MemoryRecovery.Result> recoveries = new java.util.LinkedHashMap<>();

    Report(Options options) {
        this.options = options;
        this.timing = StreamTiming.of(options);
    }

    void server(Results.Server server) {
        servers.add(server);
    }

    void openLoop(Results.StreamRun run) {
        openLoop.add(run);
    }

    void floor(Results.StreamRun run) {
        floor.add(run);
    }

    void burst(Results.StreamRun run) {
        burst = run;
    }

    void throughput(Results.ThroughputRun run) {
        throughput.add(run);
    }

    void cold(Results.Cold cold) {
        this.cold = cold;
    }

    void recovery(String role, MemoryRecovery.Result result) {
        recoveries.put(role, result);
    }

    void note(String note) {
        notes.add(note);
    }

    String render() {
        StringBuilder out = new StringBuilder();
        header(out);
        if (cold != null) {
            coldSection(out);
        }
        if (!openLoop.isEmpty() || !floor.isEmpty()) {
            openLoopSection(out);
        }
        if (burst != null) {
            burstSection(out);
        }
        if (!throughput.isEmpty()) {
            throughputSection(out);
        }
        costSection(out);
        notesSection(out);
        return out.toString();
    }

    private void header(StringBuilder out) {
        long self = ProcessHandle.current().pid();
        out.append("## Benchmark").append(options.quick() ? " (quick run)" : "").append("\n\n");
        out.append("| | |\n|---|---|\n");
        row(
                out,
                "Date",
                ZonedDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        row(
                out,
                "Machine",
                String.format(
                        Locale.ROOT,
                        "%d CPUs (nproc --all), %s, %.1f GiB RAM, Linux %s",
                        ProcFs.cpuCount(),
                        ProcFs.cpuModel(),
                        ProcFs.memTotalKb() / 1048576.0,
                        System.getProperty("os.version")));
        boolean sameJava = options.serverJava()
                .equals(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        row(
                out,
                "JVM",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
                        + System.getProperty("java.vendor") + ")"
                        + (sameJava ? ", generator and server" : ", generator; server: " + options.serverJava()));
        for (Results.Server server : servers) {
            row(out, "Server (" + server.role() + ")", "`" + shortCommand(server.command()) + "`");
            row(
                    out,
                    "Server JVM flags (" + server.role() + ")",
                    "`" + server.jvmFlags() + "` on CPU(s) "
                            + server.cpus() + ", open files limit " + server.maxOpenFiles()
                            + ", listen backlog (ss Send-Q) "
                            + (server.listenBacklog() < 0 ? "?" : server.listenBacklog()));
        }
        List<String> generatorFlags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        row(
                out,
                "Generator",
                "one thread, java.nio selector, one connection per stream, on CPU(s) "
                        + ProcFs.cpusAllowed(self) + "; JVM flags `"
                        + (generatorFlags.isEmpty() ? "(defaults)" : String.join(" ", generatorFlags))
                        + "`, open files limit " + ProcFs.maxOpenFiles(self));
        out.append('\n');
    }

    /** Issue 11's figures for a new server, with its targets beside them. */
    private void coldSection(StringBuilder out) {
        out.append("### 0. Cold: a new server, no warm-up by the client\n\n");
        out.append(String.format(
                Locale.ROOT,
                "Each start is a new launcher (`java -jar`, server TTFT %d ms, ITL %d ms, %d tokens per stream). "
                        + "First answer = launch to the first 200 of `/v1/models`. The first stream is the server's first "
                        + "request, sent as soon as it answered; then (from the second start on) %d streams at one instant. "
                        + "Times in ms unless said otherwise.\n\n",
                options.ttftMillis(),
                options.itlMillis(),
                timing.tokens(),
                ColdPhase.SIMULTANEOUS));
        out.append("| start | first answer (s) | first stream: first-token error | worst gap error | "
                + ColdPhase.SIMULTANEOUS + " at once: first-token error p50 | max |\n");
        out.append("|---:|---:|---:|---:|---:|---:|\n");
        List<Double> startSeconds = new ArrayList<>();
        for (int i = 0; i < cold.starts().size(); i++) {
            Results.ColdStart start = cold.starts().get(i);
            startSeconds.add(start.startSeconds());
            out.append(String.format(
                    Locale.ROOT,
                    "| %d | %.2f | %s | %s | %s | %s |\n",
                    i + 1,
                    start.startSeconds(),
                    ms(start.firstTokenErrorMs()),
                    ms(start.worstGapErrorMs()),
                    ms(start.simultaneousFirstTokenErrorP50Ms()),
                    ms(start.simultaneousFirstTokenErrorMaxMs())));
        }
        startSeconds.sort(null);
        double median = startSeconds.isEmpty() ? Double.NaN : startSeconds.get(startSeconds.size() / 2);
        double firstWorst = cold.starts().stream()
                .mapToDouble(start -> Math.abs(start.firstTokenErrorMs()))
                .max()
                .orElse(Double.NaN);
        double gapWorst = cold.starts().stream()
                .mapToDouble(Results.ColdStart::worstGapErrorMs)
                .max()
                .orElse(Double.NaN);
        out.append("\n| figure | target | measured |\n|---|---|---|\n");
        row(out, "launch to first answer, median", "<= 1.0 s", String.format(Locale.ROOT, "%.2f s", median));
        row(out, "first stream: first-token error, worst start", "<= 10 ms", ms(firstWorst) + " ms");
        row(out, "first stream: gap error, worst gap of any start", "<= 10 ms", ms(gapWorst) + " ms");
        if (cold.openLoop() != null) {
            Samples.Summary first = cold.openLoop().stats().firstTokenError.summary();
            Samples.Summary gaps = cold.openLoop().stats().interTokenError.summary();
            row(
                    out,
                    "cold open loop R=" + cold.openLoop().rate() + ": first-token / gap error p99",
                    "<= 10 / 5 ms",
                    ms(first.percentileMs(99)) + " / " + ms(gaps.percentileMs(99)) + " ms ("
                            + cold.openLoop().stats().failed() + " failed)");
            row(out, "RSS idle after start", "<= 100 MB", mib(cold.idleRssKb()));
            row(
                    out,
                    "RSS peak during the cold open loop",
                    "<= 300 MB",
                    mib(cold.openLoop().usage().serverPeakRssKb()));
            row(out, "RSS " + ColdPhase.AFTER_SECONDS + " s after the load", "<= 150 MB", mib(cold.afterRssKb()));
            if (cold.recovery() != null) {
                row(out, "time until RSS <= 150 MB after the load", "<= 60 s", recoveryTime(cold.recovery()));
            }
        }
        out.append('\n');
    }

    private void openLoopSection(StringBuilder out) {
        out.append("### 1. Open-loop streaming\n\n");
        out.append(String.format(
                Locale.ROOT,
                "Streamed chat completions of %d tokens (echo mode, %d-word prompt, `max_tokens` %d, "
                        + "`ignore_eos`), server TTFT %d ms and ITL %d ms, arriving at R per second for %d s whatever the answers. "
                        + "First-token error = arrival - (request written + %d ms); gap error = gap between tokens - %d ms "
                        + "(negative: early, i.e. tokens bunched). Times in ms.\n\n",
                timing.tokens(),
                options.promptWords(),
                timing.tokens(),
                options.ttftMillis(),
                options.itlMillis(),
                options.durationSeconds(),
                options.ttftMillis(),
                options.itlMillis()));
        if (!floor.isEmpty()) {
            out.append("Rows marked *floor* are the yardstick, not the simulator: the bench's own single-threaded NIO "
                    + "server (`FloorServer`: a 1 ms timer wheel, one write of a pre-encoded chunk per token), on the "
                    + "same CPUs, in the same run.\n\n");
        }
        out.append(
                "| server | R /s | streams | peak open | TTFT err p50 | p99 | p99.9 | max | gap err p0.1 | p50 | p99 | p99.9 | max "
                        + "| failed | tokens/s mean | tokens/s peak (1 s) | send lag p99 | server CPU | CPU s per 1,000 tokens "
                        + "| generator CPU | other CPU |\n");
        out.append(
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Results.StreamRun> rows = new ArrayList<>(openLoop);
        rows.addAll(floor);
        for (Results.StreamRun run : rows) {
            StreamStats s = run.stats();
            Samples.Summary first = s.firstTokenError.summary();
            Samples.Summary gaps = s.interTokenError.summary();
            out.append("| ")
                    .append(floor.contains(run) ? "*floor*" : "simulator")
                    .append(" | ")
                    .append(run.rate())
                    .append(" | ")
                    .append(run.streams())
                    .append(" | ")
                    .append(s.peakOpen())
                    .append(" | ")
                    .append(ms(first.percentileMs(50)))
                    .append(" | ")
                    .append(ms(first.percentileMs(99)))
                    .append(" | ")
                    .append(ms(first.percentileMs(99.9)))
                    .append(" | ")
                    .append(ms(first.maxMs()))
                    .append(" | ")
                    .append(ms(gaps.percentileMs(0.1)))
                    .append(" | ")
                    .append(ms(gaps.percentileMs(50)))
                    .append(" | ")
                    .append(ms(gaps.percentileMs(99)))
                    .append(" | ")
                    .append(ms(gaps.percentileMs(99.9)))
                    .append(" | ")
                    .append(ms(gaps.maxMs()))
                    .append(" | ")
                    .append(s.failed())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f", s.meanTokensPerSecond()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", s.peakTokensPerSecond()))
                    .append(" | ")
                    .append(ms(s.sendLag.summary().percentileMs(99)))
                    .append(" | ")
                    .append(percent(run.usage().serverCpuPercent()))
                    .append(" | ")
                    .append(
                            s.tokens() == 0
                                    ? "–"
                                    : String.format(
                                            Locale.ROOT, "%.3f", run.usage().serverCpuSeconds() * 1000 / s.tokens()))
                    .append(" | ")
                    .append(percent(run.usage().generatorCpuPercent()))
                    .append(" | ")
                    .append(percent(run.usage().otherCpuPercent()))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void burstSection(StringBuilder out) {
        StreamStats s = burst.stats();
        Samples.Summary first = s.firstTokenError.summary();
        Samples.Summary gaps = s.interTokenError.summary();
        out.append("### 2. Burst\n\n");
        out.append(String.format(
                Locale.ROOT,
                "%d streams (as above) written at the same instant on connections opened "
                        + "beforehand. Times in ms.\n\n",
                burst.streams()));
        out.append(
                "| streams | write spread | TTFT err p50 | p99 | p99.9 | max | gap err p50 | p99 | p99.9 | max | failed "
                        + "| server CPU | generator CPU | other CPU |\n");
        out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        out.append("| ")
                .append(burst.streams())
                .append(" | ")
                .append(ms(s.sendLag.summary().maxMs()))
                .append(" | ")
                .append(ms(first.percentileMs(50)))
                .append(" | ")
                .append(ms(first.percentileMs(99)))
                .append(" | ")
                .append(ms(first.percentileMs(99.9)))
                .append(" | ")
                .append(ms(first.maxMs()))
                .append(" | ")
                .append(ms(gaps.percentileMs(50)))
                .append(" | ")
                .append(ms(gaps.percentileMs(99)))
                .append(" | ")
                .append(ms(gaps.percentileMs(99.9)))
                .append(" | ")
                .append(ms(gaps.maxMs()))
                .append(" | ")
                .append(s.failed())
                .append(" | ")
                .append(percent(burst.usage().serverCpuPercent()))
                .append(" | ")
                .append(percent(burst.usage().generatorCpuPercent()))
                .append(" | ")
                .append(percent(burst.usage().otherCpuPercent()))
                .append(" |\n\n");
    }

    private void throughputSection(StringBuilder out) {
        out.append("### 3. Throughput at zero latency\n\n");
        out.append(String.format(
                Locale.ROOT,
                "Server restarted with TTFT 0 and ITL 0; %d keep-alive connections in closed loop, "
                        + "each measured for %d s after a warm-up; 20-token answers (echo). Latency = request written to response "
                        + "complete, in ms.\n\n",
                options.connections(),
                options.throughputSeconds()));
        out.append(
                "| request | requests/s | latency p50 | p99 | p99.9 | failed | server CPU | generator CPU | other CPU |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.ThroughputRun run : throughput) {
            ClosedLoopScenario.Result r = run.result();
            out.append("| ")
                    .append(run.label())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,.0f", r.requestsPerSecond()))
                    .append(" | ")
                    .append(ms(r.latency().percentileMs(50)))
                    .append(" | ")
                    .append(ms(r.latency().percentileMs(99)))
                    .append(" | ")
                    .append(ms(r.latency().percentileMs(99.9)))
                    .append(" | ")
                    .append(r.failed())
                    .append(" | ")
                    .append(r.usage() == null ? "?" : percent(r.usage().serverCpuPercent()))
                    .append(" | ")
                    .append(r.usage() == null ? "?" : percent(r.usage().generatorCpuPercent()))
                    .append(" | ")
                    .append(r.usage() == null ? "?" : percent(r.usage().otherCpuPercent()))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void costSection(StringBuilder out) {
        out.append("### 4. Cost\n\n");
        out.append(
                "| server | start to first 200 on /v1/models | RSS idle after start | after warm-up | after all runs |\n");
        out.append("|---|---:|---:|---:|---:|\n");
        for (Results.Server server : servers) {
            out.append("| ")
                    .append(server.role())
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%.2f s", server.startSeconds()))
                    .append(" | ")
                    .append(mib(server.idleRssKb()))
                    .append(" | ")
                    .append(mib(server.warmRssKb()))
                    .append(" | ")
                    .append(mib(server.afterRssKb()))
                    .append(" |\n");
        }
        out.append('\n');
        if (!recoveries.isEmpty()) {
            out.append("Memory after the load (RSS sampled each second for ")
                    .append(MemoryRecovery.SECONDS)
                    .append(" s after the last streamed run; target: back under 150 MB within a minute):\n\n");
            out.append("| server | RSS at the load's end | under 150 MB after | RSS after ")
                    .append(MemoryRecovery.SECONDS)
                    .append(" s |\n|---|---:|---:|---:|\n");
            recoveries.forEach((role, r) -> out.append("| ")
                    .append(role)
                    .append(" | ")
                    .append(mib(r.atEndKb()))
                    .append(" | ")
                    .append(recoveryTime(r))
                    .append(" | ")
                    .append(mib(r.afterKb()))
                    .append(" |\n"));
            out.append('\n');
        }
        List<Results.StreamRun> streamRuns = new ArrayList<>(openLoop);
        if (burst != null) {
            streamRuns.add(burst);
        }
        long idle = servers.isEmpty() ? -1 : servers.get(0).warmRssKb();
        if (!streamRuns.isEmpty()) {
            out.append(
                    "RSS is sampled every 50 ms. Per open stream: (peak - idle after warm-up) / peak open streams, an upper "
                            + "bound (it includes garbage not yet collected and heap grown in earlier runs), and (peak - RSS at the "
                            + "run's start) / peak open streams, a lower bound once the heap has grown.\n\n");
            out.append(
                    "| streamed run | peak open streams | server RSS at start | peak | per open stream (vs idle / vs start) "
                            + "| server threads peak | server CPU s | server CPU s per 1,000 tokens | listen queue overflows |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (Results.StreamRun run : streamRuns) {
                StreamStats s = run.stats();
                PhaseMeter.Usage u = run.usage();
                @SuppressWarnings("ReferenceEquality") // the burst run is one of these runs
                String label = run == burst ? "burst " + run.streams() : "R = " + run.rate() + "/s";
                double perStream = s.peakOpen() == 0 || idle < 0
                        ? Double.NaN
                        : (u.serverPeakRssKb() - idle) / (double) s.peakOpen();
                double perStreamRun = s.peakOpen() == 0 || u.serverStartRssKb() < 0
                        ? Double.NaN
                        : (u.serverPeakRssKb() - u.serverStartRssKb()) / (double) s.peakOpen();
                out.append("| ")
                        .append(label)
                        .append(" | ")
                        .append(s.peakOpen())
                        .append(" | ")
                        .append(mib(u.serverStartRssKb()))
                        .append(" | ")
                        .append(mib(u.serverPeakRssKb()))
                        .append(" | ")
                        .append(kib(perStream))
                        .append(" / ")
                        .append(kib(perStreamRun))
                        .append(" | ")
                        .append(u.serverPeakThreads())
                        .append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f", u.serverCpuSeconds()))
                        .append(" | ")
                        .append(
                                s.tokens() == 0
                                        ? "–"
                                        : String.format(Locale.ROOT, "%.3f", u.serverCpuSeconds() * 1000 / s.tokens()))
                        .append(" | ")
                        .append(u.listenOverflows() < 0 ? "?" : Long.toString(u.listenOverflows()))
                        .append(" |\n");
            }
            out.append('\n');
        }
        for (Results.ThroughputRun run : throughput) {
            ClosedLoopScenario.Result r = run.result();
            if (r.usage() != null && r.completed() > 0) {
                notes.add(String.format(
                        Locale.ROOT,
                        "Throughput %s: server RSS peak %s, listen queue overflows %d, "
                                + "server CPU %.3f s per 1,000 requests%s.",
                        run.label(),
                        mib(r.usage().serverPeakRssKb()),
                        r.usage().listenOverflows(),
                        r.usage().serverCpuSeconds() * 1000 / r.completed(),
                        r.tokens() == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT,
                                        " (%.3f s per 1,000 tokens)",
                                        r.usage().serverCpuSeconds() * 1000 / r.tokens())));
            }
        }
    }

    private void notesSection(StringBuilder out) {
        List<String> all = new ArrayList<>();
        for (Results.StreamRun run : openLoop) {
            all.add(streamNote("R = " + run.rate() + "/s", run));
        }
        if (burst != null) {
            all.add(streamNote("burst", burst));
        }
        for (Results.ThroughputRun run : throughput) {
            if (!run.result().failures().isEmpty()) {
                all.add("Throughput " + run.label() + " failures: "
                        + run.result().failures());
            }
            PhaseMeter.Usage u = run.result().usage();
            if (u != null) {
                all.add(String.format(
                        Locale.ROOT,
                        "Throughput %s: generator GC %d collections, %d ms.",
                        run.label(),
                        u.generatorGcCount(),
                        u.generatorGcMillis()));
            }
        }
        for (Results.Server server : servers) {
            all.add("Server (" + server.role() + ") log " + server.log() + ": "
                    + server.problems().size()
                    + " warning/error lines"
                    + (server.problems().isEmpty()
                            ? "."
                            : "; first: `"
                                    + String.join(
                                            "` / `",
                                            server.problems()
                                                    .subList(
                                                            0,
                                                            Math.min(
                                                                    3,
                                                                    server.problems()
                                                                            .size())))
                                    + "`"));
        }
        all.addAll(notes);
        double other = maxOtherCpuPercent();
        if (other > OTHER_CPU_WARNING_PERCENT) {
            all.add(
                    0,
                    String.format(
                            Locale.ROOT,
                            "**Warning:** other processes used up to %.0f%% of a CPU during a run "
                                    + "(column \"other CPU\"): the machine was not quiet and the figures may be disturbed.",
                            other));
        }
        out.append("Notes:\n\n");
        for (String note : all) {
            out.append("- ").append(note).append('\n');
        }
    }

    private double maxOtherCpuPercent() {
        double max = 0;
        for (Results.StreamRun run : openLoop) {
            max = Math.max(max, run.usage().otherCpuPercent());
        }
        if (burst != null) {
            max = Math.max(max, burst.usage().otherCpuPercent());
        }
        for (Results.ThroughputRun run : throughput) {
            if (run.result().usage() != null) {
                max = Math.max(max, run.result().usage().otherCpuPercent());
            }
        }
        return max;
    }

    private String streamNote(String label, Results.StreamRun run) {
        StreamStats s = run.stats();
        Samples.Summary connect = s.connectTime.summary();
        Samples.Summary gaps = s.interTokenError.summary();
        long bunched = gaps.countBelowMs(-options.itlMillis() / 2.0);
        long late = gaps.countAboveMs(options.itlMillis() / 2.0);
        Map<String, Integer> failures = s.failures();
        return String.format(
                Locale.ROOT,
                "%s: %d streams ok, %d failed%s; %,d tokens; gaps under half the ITL %d (%.3f%%), "
                        + "over 1.5 x ITL %d (%.3f%%); connect p99 %s ms, max %s ms; generator GC %d collections, %d ms.",
                label,
                s.ok(),
                s.failed(),
                failures.isEmpty() ? "" : " " + failures,
                s.tokens(),
                bunched,
                gaps.count() == 0 ? 0 : 100.0 * bunched / gaps.count(),
                late,
                gaps.count() == 0 ? 0 : 100.0 * late / gaps.count(),
                ms(connect.percentileMs(99)),
                ms(connect.maxMs()),
                run.usage().generatorGcCount(),
                run.usage().generatorGcMillis());
    }

    private static String shortCommand(List<String> command) {
        List<String> shown = new ArrayList<>();
        for (String arg : command) {
            shown.add(arg.contains("/") && !arg.startsWith("-") ? arg.substring(arg.lastIndexOf('/') + 1) : arg);
        }
        return String.join(" ", shown);
    }

    private static void row(StringBuilder out, String name, String target, String value) {
        out.append("| ")
                .append(name)
                .append(" | ")
                .append(target)
                .append(" | ")
                .append(value.replace("|", "\\|"))
                .append(" |\n");
    }

    private static void row(StringBuilder out, String name, String value) {
        out.append("| ")
                .append(name)
                .append(" | ")
                .append(value.replace("|", "\\|"))
                .append(" |\n");
    }

    static String ms(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        double abs = Math.abs(value);
        return String.format(Locale.ROOT, abs < 10 ? "%.2f" : abs < 1000 ? "%.1f" : "%,.0f", value);
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }

    private static String kib(double kb) {
        return Double.isNaN(kb) ? "–" : String.format(Locale.ROOT, "%.0f KiB", kb);
    }

    private static String mib(long kb) {
        return kb < 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", kb / 1024.0);
    }

    private static String recoveryTime(MemoryRecovery.Result r) {
        return r.secondsToTarget() < 0 ? "not within " + MemoryRecovery.SECONDS + " s" : r.secondsToTarget() + " s";
    }
}
