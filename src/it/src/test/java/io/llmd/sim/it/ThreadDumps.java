package io.llmd.sim.it;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes this JVM's threads, virtual ones included, to a file under {@code target/thread-dumps}
 * when a request to the server hangs: the WAR's Tomcat runs in the test's JVM, so the dump shows
 * where the server stands.
 */
final class ThreadDumps {
    private ThreadDumps() {}

    /** Writes a dump and says where, or why it could not. */
    static String write(String reason) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "thread-dumps"));
            Path file = dir.resolve(reason + "-" + System.nanoTime() + ".txt");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(file.toAbsolutePath().toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return "threads of the test's JVM (and an in-process server's) written to " + file.toAbsolutePath();
        } catch (IOException | RuntimeException e) {
            return "no thread dump: " + e;
        }
    }
}
