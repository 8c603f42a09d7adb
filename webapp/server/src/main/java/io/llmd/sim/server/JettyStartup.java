package io.llmd.sim.server;

import java.util.List;

/**
 * Start-up work Jetty would do that the simulator's JVM does not need. Jetty's {@code MemoryUtils}
 * pads its contended counters to a cache line and, to size the padding, asks the platform MBean
 * server whether object references are compressed: creating that server registers every platform
 * MXBean (JMX, JFR's included), about 0.4 s of the serving JVM's start measured on a loaded core
 * (docs/performance.md), for a number that only spaces fields apart. Jetty takes the number from a system property
 * when one is set, so the server sets it before it builds Jetty's first object (unless the user
 * did; a program that ran Jetty before in the same JVM has its number already).
 */
final class JettyStartup {
    static final String REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

    /** A 64-byte line holds 16 compressed or 8 full references. */
    private static final int COMPRESSED = 16;

    private static final int FULL = 8;

    /** The largest heap for which the JVM compresses references by default. */
    private static final long COMPRESSED_OOPS_LIMIT = 32L << 30;

    private JettyStartup() {}

    /**
     * Sets Jetty's references per cache line for this JVM, unless it is set already; {@code jvmArgs}
     * are the JVM's options, which say whether it runs ZGC.
     */
    static void skipPlatformMBeanServer(List<String> jvmArgs) {
        if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
            System.setProperty(
                    REFERENCES_PER_CACHE_LINE,
                    Integer.toString(referencesPerCacheLine(
                            jvmArgs.contains("-XX:+UseZGC"),
                            Runtime.getRuntime().maxMemory())));
        }
    }

    /**
     * ZGC never compresses references; the other collectors do below 32 GiB of heap. A wrong guess
     * costs only some padding (too much, or a line shared by two counters), never correctness.
     */
    static int referencesPerCacheLine(boolean zgc, long maxHeap) {
        return zgc || maxHeap >= COMPRESSED_OOPS_LIMIT ? FULL : COMPRESSED;
    }
}
