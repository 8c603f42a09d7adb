package io.llmd.sim.it;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The last lines the simulator logged in this JVM, for failure messages: a WAR deployed in the
 * embedded container logs through the JVM's one {@code java.util.logging} tree, so a scenario
 * that fails against it can tell what the server said meanwhile (a launcher logs in its own
 * process; its lines are not here).
 */
final class ServerLog {
    private static final int KEPT = 40;
    /** Held, so that the logger and its handler are not collected. */
    private static final Logger ROOT = Logger.getLogger("io.llmd.sim");

    private static final Deque<String> LINES = new ArrayDeque<>();

    static {
        ROOT.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                String line = record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage();
                synchronized (LINES) {
                    if (LINES.size() == KEPT) {
                        LINES.removeFirst();
                    }
                    LINES.addLast(line);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    private ServerLog() {}

    /** Starts listening (the first use of the class does). */
    static void listen() {
        // The static initialiser has run.
    }

    /** The lines logged since {@link #listen()}, the oldest first, or a line saying there were none. */
    static String recent() {
        synchronized (LINES) {
            return LINES.isEmpty() ? "(the simulator logged nothing in this JVM)" : String.join("\n", LINES);
        }
    }
}
