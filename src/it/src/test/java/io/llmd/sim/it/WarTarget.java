package io.llmd.sim.it;

import java.net.URI;

/**
 * The WAR deployed in the embedded Tomcat as a corpus target. Tomcat runs in the tests' JVM,
 * whose heap is the one measured; it cannot be restarted, so a case that stops it ends the run.
 */
final class WarTarget implements CorpusTarget {
    private final CorpusHttp http;

    WarTarget(URI base) {
        String path = base.getRawPath();
        http = new CorpusHttp(
                base.getHost(), base.getPort(), path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
    }

    @Override
    public CorpusHttp http() {
        return http;
    }

    /** Tomcat's connector answers framing and header errors itself, outside the application's reach. */
    @Override
    public boolean ownsTheConnector() {
        return false;
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public boolean restart() {
        return false;
    }

    @Override
    public long usedHeapAfterFullGc() {
        return ServerHeap.ofThisJvm();
    }
}
