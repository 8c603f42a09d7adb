package io.llmd.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Reads what the benchmark needs from Linux's /proc: memory, CPU time, children, command lines. */
final class ProcFs {
    private static final Path PROC = Path.of("/proc");
    private static volatile long clockTicks;

    private ProcFs() {}

    /** Resident set size in KiB, or -1 if the process is gone. */
    static long rssKb(long pid) {
        return firstNumber(statusField(pid, "VmRSS:"));
    }

    static int threads(long pid) {
        return (int) firstNumber(statusField(pid, "Threads:"));
    }

    static String cpusAllowed(long pid) {
        String value = statusField(pid, "Cpus_allowed_list:");
        return value == null ? "?" : value;
    }

    /** User plus system CPU time in clock ticks, or -1 if the process is gone. */
    static long cpuTicks(long pid) {
        String[] fields = statFields(pid);
        return fields == null ? -1 : Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static double cpuSeconds(long pid) {
        long ticks = cpuTicks(pid);
        return ticks < 0 ? Double.NaN : (double) ticks / clockTicksPerSecond();
    }

    /**
     * CPU seconds all processors spent busy since boot (the first line of /proc/stat without idle
     * and iowait), or NaN if unknown.
     */
    static double machineBusySeconds() {
        List<String> stat = lines(PROC.resolve("stat"));
        if (stat.isEmpty() || !stat.get(0).startsWith("cpu ")) {
            return Double.NaN;
        }
        String[] fields = stat.get(0).trim().split("\\s+");
        long busy = 0;
        // user nice system idle iowait irq softirq steal (guest time is already part of user)
        for (int i = 1; i <= 8 && i < fields.length; i++) {
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return (double) busy / clockTicksPerSecond();
    }

    /** The processes whose parent is {@code pid}. */
    static List<Long> children(long pid) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC, "[0-9]*")) {
            for (Path entry : entries) {
                long candidate = Long.parseLong(entry.getFileName().toString());
                String[] fields = statFields(candidate);
                if (fields != null && Long.parseLong(fields[1]) == pid) {
                    children.add(candidate);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process list changes while we read it; what we saw is enough
        }
        return children;
    }

    static List<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return args;
        } catch (IOException e) {
            return List.of();
        }
    }

    static long maxOpenFiles(long pid) {
        try {
            for (String line :
                    Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("limits"))) {
                if (line.startsWith("Max open files")) {
                    return firstNumber(line.substring("Max open files".length()));
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return -1;
    }

    /**
     * A TcpExt counter of /proc/net/netstat (for the whole network namespace), such as
     * ListenOverflows: connections dropped because a listen queue was full. -1 if unknown.
     */
    static long tcpExtCounter(String name) {
        List<String> lines = lines(PROC.resolve("net").resolve("netstat"));
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (lines.get(i).startsWith("TcpExt:") && lines.get(i + 1).startsWith("TcpExt:")) {
                String[] names = lines.get(i).trim().split("\\s+");
                String[] values = lines.get(i + 1).trim().split("\\s+");
                for (int k = 1; k < names.length && k < values.length; k++) {
                    if (names[k].equals(name)) {
                        return Long.parseLong(values[k]);
                    }
                }
            }
        }
        return -1;
    }

    static String cpuModel() {
        for (String line : lines(PROC.resolve("cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    /** Processors of the machine (not just those this process may use). */
    static int cpuCount() {
        int count = 0;
        for (String line : lines(PROC.resolve("cpuinfo"))) {
            if (line.startsWith("processor")) {
                count++;
            }
        }
        return count == 0 ? Runtime.getRuntime().availableProcessors() : count;
    }

    static long memTotalKb() {
        for (String line : lines(PROC.resolve("meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return firstNumber(line.substring(9));
            }
        }
        return -1;
    }

    static long clockTicksPerSecond() {
        long ticks = clockTicks;
        if (ticks == 0) {
            ticks = 100;
            try {
                Process getconf = new ProcessBuilder("getconf", "CLK_TCK")
                        .redirectErrorStream(true)
                        .start();
                String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                    ticks = Long.parseLong(out);
                }
            } catch (IOException | NumberFormatException e) {
                // keep the usual 100
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            clockTicks = ticks;
        }
        return ticks;
    }

    /** The fields of /proc/PID/stat after the command name: index 0 is the state, 1 the parent. */
    private static String[] statFields(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            int close = stat.lastIndexOf(')');
            return stat.substring(close + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String statusField(long pid, String name) {
        for (String line : lines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
            if (line.startsWith(name)) {
                return line.substring(name.length()).trim();
            }
        }
        return null;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    private static long firstNumber(String text) {
        if (text == null) {
            return -1;
        }
        int i = 0;
        while (i < text.length() && !Character.isDigit(text.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        return i == start ? -1 : Long.parseLong(text.substring(start, i));
    }
}
