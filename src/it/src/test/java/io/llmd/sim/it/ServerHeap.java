package io.llmd.sim.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The used heap of a JVM right after a full collection: what the server still holds, without
 * its garbage. Read three times and the least kept, so that a request or a timer allocating at
 * that moment does not count.
 */
final class ServerHeap {
    private static final Pattern USED = Pattern.compile("used (\\d+)([KMG])");

    private ServerHeap() {
    }

    /** Another JVM's, by {@code jcmd PID GC.run} (a full, synchronous collection) and {@code GC.heap_info}. */
    static long ofProcess(long pid) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            jcmd(pid, "GC.run");
            Matcher used = USED.matcher(jcmd(pid, "GC.heap_info"));
            if (!used.find()) {
                throw new IllegalStateException("no used heap in jcmd's GC.heap_info of " + pid);
            }
            long unit = switch (used.group(2)) {
                case "K" -> 1L << 10;
                case "M" -> 1L << 20;
                default -> 1L << 30;
            };
            least = Math.min(least, Long.parseLong(used.group(1)) * unit);
        }
        return least;
    }

    /** This JVM's (a WAR in the embedded container runs in the tests' own JVM). */
    static long ofThisJvm() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            memory.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("jcmd is needed to read the launcher's heap: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
