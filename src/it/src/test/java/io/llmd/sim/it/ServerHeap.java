package io.llmd.sim.it;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * What a JVM's heap still holds: the bytes of its live objects, as the class histogram counts
 * them right after the full collection it forces ({@code GC.class_histogram}). The collector's
 * own "used" figure is not precise enough: ZGC counts whole 32 MiB pages for objects of a few
 * MiB, G1 whole regions. Read twice and the least kept, so that a request or a timer allocating
 * at that moment does not count.
 */
final class ServerHeap {
    private static final Pattern TOTAL = Pattern.compile("Total\\s+\\d+\\s+(\\d+)");

    private ServerHeap() {}

    /** Another JVM's, through {@code jcmd PID GC.class_histogram}. */
    static long ofProcess(long pid) {
        return Math.min(total(jcmd(pid)), total(jcmd(pid)));
    }

    /** This JVM's (a WAR in the embedded container runs in the tests' own JVM), through the same diagnostic command. */
    static long ofThisJvm() {
        return Math.min(total(histogram()), total(histogram()));
    }

    private static long total(String histogram) {
        Matcher total = TOTAL.matcher(histogram);
        if (!total.find()) {
            throw new IllegalStateException(
                    "no total in the class histogram: " + histogram.substring(0, Math.min(300, histogram.length())));
        }
        return Long.parseLong(total.group(1));
    }

    private static String histogram() {
        try {
            return (String) ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "gcClassHistogram",
                            new Object[] {new String[0]},
                            new String[] {String[].class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("the class histogram of this JVM is not available", e);
        }
    }

    private static String jcmd(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " GC.class_histogram failed: " + output);
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
