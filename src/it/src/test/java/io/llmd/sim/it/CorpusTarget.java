package io.llmd.sim.it;

/** A simulator the corpus runs against: the launcher jar, or the WAR in a servlet container. */
interface CorpusTarget {

    /** How to reach it now (a restarted launcher listens on another port). */
    CorpusHttp http();

    /**
     * Whether the HTTP server in front of the application is the simulator's own (the launcher's
     * Jetty), so that what it answers before the application must be in vLLM's shape too.
     */
    boolean ownsTheConnector();

    /** Whether {@link #restart()} can start the server afresh. */
    boolean canRestart();

    /** Starts the server afresh after it died or stopped answering; false when this target cannot. */
    boolean restart();

    /** The server JVM's used heap right after a full collection, in bytes. */
    long usedHeapAfterFullGc();
}
