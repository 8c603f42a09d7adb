package io.llmd.sim.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A burst: N connections are opened beforehand (at most {@link #HANDSHAKES_IN_FLIGHT} at a time,
 * so the server's accept queue never overflows), then all N requests are written in one go.
 */
final class BurstScenario {
    private static final int HANDSHAKES_IN_FLIGHT = 64;
    private static final long CONNECT_TIMEOUT_NANOS = 30_000_000_000L;
    /** Time for the server to accept and register every connection before the burst. */
    private static final long SETTLE_NANOS = 500_000_000L;

    private BurstScenario() {}

    static StreamStats run(InetSocketAddress server, ByteBuffer request, StreamTiming timing, int streams)
            throws IOException {
        long origin = System.nanoTime();
        int seconds =
                (int) ((CONNECT_TIMEOUT_NANOS + SETTLE_NANOS + timing.streamNanos() + OpenLoopScenario.GRACE_NANOS)
                                / 1_000_000_000L)
                        + 2;
        StreamStats stats = timing.newStats(streams, origin, seconds);
        try (EventLoop loop = new EventLoop(server)) {
            List<HttpConnection> connections = new ArrayList<>(streams);
            Runnable opener = new Runnable() {
                @Override
                public void run() {
                    while (connections.size() < streams
                            && connections.size() - stats.connected() - stats.failed() < HANDSHAKES_IN_FLIGHT) {
                        connections.add(loop.connect(stats));
                    }
                    if (connections.size() < streams) {
                        loop.at(System.nanoTime() + 1_000_000L, this);
                    }
                }
            };
            loop.at(origin, opener);
            loop.run(() -> stats.connected() + stats.failed() >= streams, origin + CONNECT_TIMEOUT_NANOS);
            loop.run(() -> false, System.nanoTime() + SETTLE_NANOS);
            long sendAt = System.nanoTime();
            for (HttpConnection connection : connections) {
                connection.scheduledAt(sendAt);
                connection.send(request.duplicate(), true);
            }
            loop.run(() -> stats.ended() == streams, sendAt + timing.streamNanos() + OpenLoopScenario.GRACE_NANOS);
            loop.failAll("timed out");
        }
        return stats;
    }
}
