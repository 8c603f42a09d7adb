package io.llmd.sim.it;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The launcher jar as a corpus target: started again with the same flags when a case kills or
 * wedges it, so that one bad request does not hide what the others do.
 */
final class RestartableLauncher implements CorpusTarget, AutoCloseable {
    private final Map<String, String> settings;
    private LauncherProcess process;

    RestartableLauncher(Map<String, String> settings) {
        this.settings = settings;
        this.process = LauncherProcess.start(LauncherProcess.flags(settings));
    }

    @Override
    public CorpusHttp http() {
        URI uri = process.uri();
        return new CorpusHttp(uri.getHost(), uri.getPort(), "");
    }

    @Override
    public boolean ownsTheConnector() {
        return true;
    }

    /** Kills the stuck server at once (a graceful stop would wait for what it cannot finish) and starts another. */
    @Override
    public boolean canRestart() {
        return true;
    }

    @Override
    public boolean restart() {
        process.process().toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.close();
        process = LauncherProcess.start(LauncherProcess.flags(settings));
        return true;
    }

    /** The heap of the JVM that serves: the launcher's child, which it starts with its own collector and heap. */
    @Override
    public long usedHeapAfterFullGc() {
        ProcessHandle launcher = process.process().toHandle();
        long pid = launcher.children().findFirst().orElse(launcher).pid();
        return ServerHeap.ofProcess(pid);
    }

    @Override
    public void close() {
        List<ProcessHandle> servers = process.process().toHandle().descendants().toList();
        process.close();
        // A server still busy after the launcher's own stop is not left behind.
        servers.forEach(ProcessHandle::destroyForcibly);
    }
}
