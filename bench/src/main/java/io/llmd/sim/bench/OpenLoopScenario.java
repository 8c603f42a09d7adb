package io.llmd.sim.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Open-loop streaming: stream i is sent at start + i / rate whatever happened to the others. Its
 * connection is opened {@link #LEAD_NANOS} ahead so that the handshake is not on the clock (the
 * lead covers one dropped SYN, which the kernel retries after 1 s when the server's accept queue
 * is full), and the request is timestamped when written; if the handshake is later still, the
 * request goes out when it completes (the send lag shows it).
 */
final class OpenLoopScenario {
    static final long LEAD_NANOS = 1_200_000_000L;
    /** How much later than an ideal server the slowest stream may end before it counts as timed out. */
    static final long GRACE_NANOS = 30_000_000_000L;

    private final EventLoop loop;
    private final StreamStats stats;
    private final ByteBuffer request;
    private final long start;
    private final double rate;
    private final int total;
    private final ArrayDeque<HttpConnection> connecting = new ArrayDeque<>();
    private int opened;
    private int sent;

    private OpenLoopScenario(
            EventLoop loop, StreamStats stats, ByteBuffer request, long start, double rate, int total) {
        this.loop = loop;
        this.stats = stats;
        this.request = request;
        this.start = start;
        this.rate = rate;
        this.total = total;
    }

    /** Sends {@code rate} streams per second for {@code seconds} and waits for all of them to end. */
    static StreamStats run(InetSocketAddress server, ByteBuffer request, StreamTiming timing, int rate, int seconds)
            throws IOException {
        int total = rate * seconds;
        long start = System.nanoTime() + LEAD_NANOS + 100_000_000L;
        long deadline = start + seconds * 1_000_000_000L + timing.streamNanos() + GRACE_NANOS;
        StreamStats stats = timing.newStats(total, start, (int) ((deadline - start) / 1_000_000_000L) + 2);
        try (EventLoop loop = new EventLoop(server)) {
            OpenLoopScenario scenario = new OpenLoopScenario(loop, stats, request, start, rate, total);
            loop.at(start - LEAD_NANOS, scenario::tick);
            loop.run(() -> stats.ended() == total, deadline);
            loop.failAll("timed out");
        }
        return stats;
    }

    private long sendAt(int index) {
        return start + (long) (index * 1e9 / rate);
    }

    private void tick() {
        long now = System.nanoTime();
        while (opened < total && sendAt(opened) - LEAD_NANOS - now <= 0) {
            HttpConnection connection = loop.connect(stats);
            connection.scheduledAt(sendAt(opened));
            connecting.add(connection);
            opened++;
        }
        while (sent < total && sendAt(sent) - now <= 0) {
            connecting.poll().send(request.duplicate(), true);
            sent++;
        }
        if (sent < total) {
            long next = sendAt(sent);
            if (opened < total) {
                next = Math.min(next, sendAt(opened) - LEAD_NANOS);
            }
            loop.at(next, this::tick);
        }
    }
}
