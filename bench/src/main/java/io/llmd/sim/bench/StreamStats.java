package io.llmd.sim.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Records what happens to a set of streamed requests: the error of each first token against
 * (write time + TTFT), of each inter-token gap against ITL, failures by reason, tokens per
 * second and how many streams were open at once. Closes each stream's connection when it ends.
 */
final class StreamStats implements Exchange {
    private final long ttftNanos;
    private final long itlNanos;
    private final int expectedTokens;
    private final long origin;
    private final int[] tokensPerSecond;
    /** The latest first token among the streams written in each second since the origin, in microseconds. */
    private final long[] worstFirstTokenMicros;

    final Samples firstTokenError;
    final Samples interTokenError;
    final Samples sendLag = new Samples(1024);
    final Samples connectTime = new Samples(1024);
    private final Map<String, Integer> failures = new TreeMap<>();

    private int connected;
    private int written;
    private int ok;
    private int failed;
    private int open;
    private int peakOpen;
    private long tokens;
    private long firstWriteAt;
    private long lastTokenAt;

    /**
     * @param expectedStreams how many streams will be recorded (sizes the sample arrays)
     * @param seconds         how long the whole run may last, for the per-second token counts
     */
    StreamStats(long ttftNanos, long itlNanos, int expectedTokens, int expectedStreams, long origin, int seconds) {
        this.ttftNanos = ttftNanos;
        this.itlNanos = itlNanos;
        this.expectedTokens = expectedTokens;
        this.origin = origin;
        this.tokensPerSecond = new int[Math.max(1, seconds)];
        this.worstFirstTokenMicros = new long[Math.max(1, seconds)];
        this.firstTokenError = new Samples(expectedStreams);
        this.interTokenError = new Samples(
                (int) Math.min(Integer.MAX_VALUE - 8, (long) expectedStreams * Math.max(1, expectedTokens - 1)));
    }

    @Override
    public void onConnected(HttpConnection connection, long nanos) {
        connected++;
        connectTime.addNanos(connection.connectNanos());
    }

    @Override
    public void onWritten(HttpConnection connection, long nanos) {
        if (written++ == 0) {
            firstWriteAt = nanos;
        }
        if (connection.scheduledAt() != 0) {
            sendLag.addNanos(nanos - connection.scheduledAt());
        }
        if (++open > peakOpen) {
            peakOpen = open;
        }
    }

    @Override
    public void onToken(HttpConnection connection, int index, long nanos, long previous) {
        tokens++;
        lastTokenAt = nanos;
        int second = (int) ((nanos - origin) / 1_000_000_000L);
        if (second >= 0 && second < tokensPerSecond.length) {
            tokensPerSecond[second]++;
        }
        if (index == 0) {
            firstTokenError.addNanos(nanos - previous - ttftNanos);
            int sent = (int) ((previous - origin) / 1_000_000_000L);
            if (sent >= 0 && sent < worstFirstTokenMicros.length) {
                worstFirstTokenMicros[sent] =
                        Math.max(worstFirstTokenMicros[sent], (nanos - previous - ttftNanos) / 1_000);
            }
        } else {
            interTokenError.addNanos(nanos - previous - itlNanos);
        }
    }

    @Override
    public void onComplete(HttpConnection connection, long nanos) {
        open--;
        String problem = connection.status() != 200
                ? "HTTP " + connection.status()
                : connection.sawErrorEvent()
                        ? "error event in the stream"
                        : !connection.sawDone()
                                ? "no [DONE]"
                                : connection.tokens() != expectedTokens
                                        ? "got " + connection.tokens() + " tokens, not " + expectedTokens
                                        : null;
        connection.close();
        if (problem == null) {
            ok++;
        } else {
            fail(problem);
        }
    }

    @Override
    public void onFailure(HttpConnection connection, String reason) {
        if (connection.inExchange()) {
            open--;
        }
        fail(reason);
    }

    private void fail(String reason) {
        failed++;
        failures.merge(reason, 1, Integer::sum);
    }

    /** Streams that ended, well or not. */
    int ended() {
        return ok + failed;
    }

    int connected() {
        return connected;
    }

    int ok() {
        return ok;
    }

    int failed() {
        return failed;
    }

    int written() {
        return written;
    }

    int open() {
        return open;
    }

    int peakOpen() {
        return peakOpen;
    }

    long tokens() {
        return tokens;
    }

    Map<String, Integer> failures() {
        return Map.copyOf(failures);
    }

    /** Tokens per second from the first request written to the last token received. */
    double meanTokensPerSecond() {
        long span = lastTokenAt - firstWriteAt;
        return span <= 0 ? 0 : tokens * 1e9 / span;
    }

    /**
     * The worst first-token error of the streams written in each second that wrote any, in whole
     * milliseconds, the first second first: where in a run the late answers were.
     */
    String worstFirstTokenBySecond() {
        StringBuilder out = new StringBuilder();
        int last = worstFirstTokenMicros.length - 1;
        while (last >= 0 && worstFirstTokenMicros[last] == 0) {
            last--;
        }
        for (int i = 0; i <= last; i++) {
            out.append(i == 0 ? "" : " ").append(Math.round(worstFirstTokenMicros[i] / 1000.0));
        }
        return out.toString();
    }

    /** The most tokens received in one whole second since the origin. */
    int peakTokensPerSecond() {
        int peak = 0;
        for (int count : tokensPerSecond) {
            peak = Math.max(peak, count);
        }
        return peak;
    }
}
