package io.llmd.sim.it;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;
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
    private static final AtomicBoolean LISTENING = new AtomicBoolean();

    private ServerLog() {}

    /** Starts keeping the simulator's log lines in this JVM (once; later calls do nothing). */
    static void listen() {
        if (LISTENING.compareAndSet(false, true)) {
            ROOT.addHandler(new Kept());
        }
    }

    /** Keeps the last {@link #KEPT} lines. */
    private static final class Kept extends Handler {
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
    }

    /** The lines logged since {@link #listen()}, the oldest first, or a line saying there were none. */
    static String recent() {
        synchronized (LINES) {
            return LINES.isEmpty() ? "(the simulator logged nothing in this JVM)" : String.join("\n", LINES);
        }
    }
}
