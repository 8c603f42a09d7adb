package io.llmd.sim.launcher;

import java.util.List;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the launcher gracefully and let it exit with status 0, as Kubernetes
 * and a user at a terminal expect. The JVM's default handling would run the shutdown hooks and
 * then exit with 143 or 130 whatever they did, so the launcher handles these two signals itself;
 * the JDK offers no public API for that, hence {@code sun.misc.Signal} (module jdk.unsupported).
 */
final class Signals {

    private Signals() {}

    /** Runs {@code action} on its own thread each time SIGTERM or SIGINT arrives. */
    static void onTermination(Runnable action) {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException e) {
                // The JVM keeps this signal (-Xrs, or a debugger): its shutdown hooks still stop the server.
            }
        }
    }
}
