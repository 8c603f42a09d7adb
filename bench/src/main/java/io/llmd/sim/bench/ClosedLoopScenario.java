package io.llmd.sim.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * Closed-loop throughput: a fixed number of keep-alive connections, each sending its next request
 * as soon as the previous answer is complete. Only exchanges written and completed inside the
 * measured window (after the warm-up) count; the server's cost is metered over that window.
 */
final class ClosedLoopScenario implements Exchange {
    private static final long DRAIN_NANOS = 10_000_000_000L;
    private static final long RECONNECT_NANOS = 10_000_000L;

    /** What one throughput run measured. */
    record Result(
            int connections,
            double seconds,
            int completed,
            Map<String, Integer> failures,
            Samples.Summary latency,
            long tokens,
            PhaseMeter.Usage usage) {
        double requestsPerSecond() {
            return completed / seconds;
        }

        int failed() {
            return failures.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final EventLoop loop;
    private final ByteBuffer request;
    private final boolean streaming;
    private final int expectedTokens;
    private final long measureStart;
    private final long measureEnd;
    private final Samples latency = new Samples(1 << 16);
    private final Map<String, Integer> failures = new TreeMap<>();
    private int completed;
    private long tokens;
    private int inFlight;

    private ClosedLoopScenario(
            EventLoop loop,
            ByteBuffer request,
            boolean streaming,
            int expectedTokens,
            long measureStart,
            long measureEnd) {
        this.loop = loop;
        this.request = request;
        this.streaming = streaming;
        this.expectedTokens = expectedTokens;
        this.measureStart = measureStart;
        this.measureEnd = measureEnd;
    }

    static Result run(
            InetSocketAddress server,
            long serverPid,
            ByteBuffer request,
            boolean streaming,
            int expectedTokens,
            int connections,
            int warmupSeconds,
            int seconds)
            throws IOException {
        long measureStart = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        long measureEnd = measureStart + seconds * 1_000_000_000L;
        PhaseMeter[] meter = new PhaseMeter[1];
        PhaseMeter.Usage[] usage = new PhaseMeter.Usage[1];
        try (EventLoop loop = new EventLoop(server)) {
            ClosedLoopScenario scenario =
                    new ClosedLoopScenario(loop, request, streaming, expectedTokens, measureStart, measureEnd);
            loop.at(measureStart, () -> meter[0] = PhaseMeter.start(serverPid));
            loop.at(measureEnd, () -> usage[0] = meter[0].stop());
            for (int i = 0; i < connections; i++) {
                loop.connect(scenario);
            }
            loop.run(
                    () -> System.nanoTime() - measureEnd > 0 && usage[0] != null && scenario.inFlight == 0,
                    measureEnd + DRAIN_NANOS);
            if (usage[0] == null && meter[0] != null) {
                usage[0] = meter[0].stop();
            }
            loop.failAll("stopped at the end of the run");
            return new Result(
                    connections,
                    seconds,
                    scenario.completed,
                    Map.copyOf(scenario.failures),
                    scenario.latency.summary(),
                    scenario.tokens,
                    usage[0]);
        }
    }

    @Override
    public void onConnected(HttpConnection connection, long nanos) {
        next(connection, nanos);
    }

    @Override
    public void onWritten(HttpConnection connection, long nanos) {
        inFlight++;
    }

    @Override
    public void onComplete(HttpConnection connection, long nanos) {
        inFlight--;
        String problem = connection.status() != 200
                ? "HTTP " + connection.status()
                : !streaming
                        ? null
                        : connection.sawErrorEvent()
                                ? "error event in the stream"
                                : !connection.sawDone()
                                        ? "no [DONE]"
                                        : connection.tokens() != expectedTokens
                                                ? "got " + connection.tokens() + " tokens, not " + expectedTokens
                                                : null;
        if (counts(connection, nanos)) {
            if (problem == null) {
                completed++;
                tokens += connection.tokens();
                latency.addNanos(nanos - connection.writtenAt());
            } else {
                failures.merge(problem, 1, Integer::sum);
            }
        }
        if (connection.reusable()) {
            next(connection, nanos);
        } else {
            replace(nanos);
        }
    }

    @Override
    public void onFailure(HttpConnection connection, String reason) {
        long now = System.nanoTime();
        if (connection.inExchange()) {
            inFlight--;
            if (counts(connection, now)) {
                failures.merge(reason, 1, Integer::sum);
            }
        } else if (now - measureStart > 0 && now - measureEnd < 0) {
            failures.merge(reason, 1, Integer::sum);
        }
        replace(now);
    }

    private boolean counts(HttpConnection connection, long now) {
        return connection.writtenAt() - measureStart >= 0 && now - measureEnd <= 0;
    }

    private void next(HttpConnection connection, long now) {
        if (now - measureEnd < 0) {
            connection.send(request.duplicate(), streaming);
        } else {
            connection.close();
        }
    }

    private void replace(long now) {
        if (now - measureEnd < 0) {
            loop.at(now + RECONNECT_NANOS, () -> loop.connect(this));
        }
    }
}
