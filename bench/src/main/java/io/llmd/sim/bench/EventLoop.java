package io.llmd.sim.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * A single-threaded selector loop with timers: every connection of a scenario, every send and
 * every read happens on the thread that calls {@link #run}. One read buffer serves all
 * connections, since each read is parsed before the next one.
 */
final class EventLoop implements AutoCloseable {
    private record Timer(long at, long sequence, Runnable task) {}

    private final Selector selector;
    private final InetSocketAddress address;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(64 * 1024);
    private final PriorityQueue<Timer> timers =
            new PriorityQueue<>(Comparator.comparingLong(Timer::at).thenComparingLong(Timer::sequence));
    private long sequence;

    EventLoop(InetSocketAddress address) {
        this.address = address;
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens a new connection to the server; the outcome reaches {@code exchange}. */
    HttpConnection connect(Exchange exchange) {
        HttpConnection connection = new HttpConnection(this, exchange);
        connection.open(selector, address);
        return connection;
    }

    /** Runs {@code task} on the loop thread at (or just after) {@code nanos}. */
    void at(long nanos, Runnable task) {
        timers.add(new Timer(nanos, sequence++, task));
    }

    /** Runs timers and I/O until {@code finished} holds or {@code deadline} (nanoTime) passes. */
    void run(BooleanSupplier finished, long deadline) throws IOException {
        while (!finished.getAsBoolean()) {
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                return;
            }
            Timer timer;
            while ((timer = timers.peek()) != null && timer.at - now <= 0) {
                timers.poll();
                timer.task.run();
            }
            if (finished.getAsBoolean()) {
                return;
            }
            long next = deadline;
            if ((timer = timers.peek()) != null && timer.at - next < 0) {
                next = timer.at;
            }
            long wait = next - System.nanoTime();
            if (wait <= 0) {
                selector.selectNow(this::dispatch);
            } else {
                selector.select(this::dispatch, Math.max(1, (wait + 999_999) / 1_000_000));
            }
        }
    }

    private void dispatch(SelectionKey key) {
        if (key.isValid() && key.attachment() instanceof HttpConnection connection) {
            connection.onReady(key);
        }
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Number of connections registered and not yet closed. */
    int openConnections() {
        int open = 0;
        for (SelectionKey key : selector.keys()) {
            if (key.isValid()) {
                open++;
            }
        }
        return open;
    }

    /** Fails every connection still open with {@code reason}, and drops pending timers. */
    void failAll(String reason) {
        timers.clear();
        List<HttpConnection> open = new ArrayList<>();
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && key.attachment() instanceof HttpConnection connection) {
                open.add(connection);
            }
        }
        open.forEach(connection -> connection.fail(reason));
    }

    @Override
    public void close() {
        for (SelectionKey key : List.copyOf(selector.keys())) {
            if (key.attachment() instanceof HttpConnection connection) {
                connection.close();
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // nothing to do
        }
    }
}
