package io.llmd.sim.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * One non-blocking HTTP/1.1 connection driven by the {@link EventLoop}: connect, write one
 * hand-made request, read its response (streamed or not), then be reused or closed. Every
 * timestamp is {@link System#nanoTime()}: the request's is taken when its last byte has been
 * written, a token's when the read that completed its event returned.
 */
final class HttpConnection {
    private enum State {
        CONNECTING,
        IDLE,
        WRITING,
        READING,
        CLOSED
    }

    private final EventLoop loop;
    private final Exchange exchange;
    private final ResponseParser parser = new ResponseParser();
    private final SseScanner sse = new SseScanner();
    private final ResponseParser.BodySink bodySink = this::body;
    private final SseScanner.TokenSink tokenSink = this::token;

    private SocketChannel channel;
    private SelectionKey key;
    private State state = State.CONNECTING;
    private ByteBuffer pending;
    private boolean streaming;
    private boolean inExchange;
    private long connectStartedAt;
    private long connectedAt;
    private long scheduledAt;
    private long writtenAt;
    private long lastTokenAt;
    private int tokens;

    HttpConnection(EventLoop loop, Exchange exchange) {
        this.loop = loop;
        this.exchange = exchange;
    }

    void open(Selector selector, InetSocketAddress address) {
        connectStartedAt = System.nanoTime();
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (channel.connect(address)) {
                key = channel.register(selector, 0, this);
                connected();
            } else {
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            fail("connect: " + describe(e));
        }
    }

    /**
     * Sends a request now if connected and idle, else as soon as the connection is established.
     *
     * @param request   the request bytes (this connection consumes the buffer)
     * @param streaming whether to scan the body for SSE token events
     */
    void send(ByteBuffer request, boolean streaming) {
        if (state == State.CLOSED) {
            return;
        }
        if (state == State.WRITING || state == State.READING || pending != null) {
            throw new IllegalStateException("a request is already in progress");
        }
        this.pending = request;
        this.streaming = streaming;
        if (state == State.IDLE) {
            try {
                write();
            } catch (IOException | RuntimeException e) {
                fail("write: " + describe(e));
            }
        }
    }

    void onReady(SelectionKey readyKey) {
        State before = state;
        boolean reading = false;
        try {
            int ops = readyKey.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                if (channel.finishConnect()) {
                    connected();
                }
                return;
            }
            if ((ops & SelectionKey.OP_WRITE) != 0 && state == State.WRITING) {
                write();
            }
            if ((ops & SelectionKey.OP_READ) != 0 && state != State.CLOSED) {
                reading = true;
                read();
            }
        } catch (IOException | RuntimeException e) {
            fail((reading ? "read" : before == State.CONNECTING ? "connect" : "write") + ": " + describe(e));
        }
    }

    private void connected() throws IOException {
        connectedAt = System.nanoTime();
        state = State.IDLE;
        key.interestOps(SelectionKey.OP_READ);
        exchange.onConnected(this, connectedAt);
        if (pending != null && state == State.IDLE) {
            write();
        }
    }

    private void write() throws IOException {
        state = State.WRITING;
        channel.write(pending);
        if (pending.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        writtenAt = System.nanoTime();
        pending = null;
        parser.reset();
        sse.reset();
        tokens = 0;
        lastTokenAt = writtenAt;
        inExchange = true;
        state = State.READING;
        key.interestOps(SelectionKey.OP_READ);
        exchange.onWritten(this, writtenAt);
    }

    private void read() throws IOException {
        ByteBuffer buffer = loop.readBuffer();
        buffer.clear();
        int n = channel.read(buffer);
        long now = System.nanoTime();
        if (n < 0) {
            if (state == State.READING && parser.endOfInput()) {
                complete(now);
            } else {
                fail(
                        state == State.READING
                                ? "server closed the connection mid-response"
                                : "server closed an idle connection");
            }
            return;
        }
        if (n == 0) {
            return;
        }
        if (state != State.READING) {
            fail("unexpected bytes from the server");
            return;
        }
        if (parser.feed(buffer.array(), buffer.arrayOffset(), n, now, bodySink)) {
            complete(now);
        }
    }

    private void body(byte[] data, int offset, int length, long nanos) throws IOException {
        if (streaming) {
            sse.feed(data, offset, length, nanos, tokenSink);
        }
    }

    private void token(long nanos) {
        int index = tokens++;
        exchange.onToken(this, index, nanos, lastTokenAt);
        lastTokenAt = nanos;
    }

    private void complete(long now) {
        inExchange = false;
        if (parser.keepAlive()) {
            state = State.IDLE;
        } else {
            close();
        }
        exchange.onComplete(this, now);
    }

    /** Closes the connection and reports the failure of whatever it was doing. */
    void fail(String reason) {
        if (state == State.CLOSED) {
            return;
        }
        close();
        exchange.onFailure(this, reason);
    }

    /** Closes the connection without reporting anything. */
    void close() {
        state = State.CLOSED;
        pending = null;
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    /** True from the request's last byte written until its response completed (stays true after a failure). */
    boolean inExchange() {
        return inExchange;
    }

    boolean reusable() {
        return state == State.IDLE;
    }

    int status() {
        return parser.status();
    }

    int tokens() {
        return tokens;
    }

    boolean sawDone() {
        return sse.sawDone();
    }

    boolean sawErrorEvent() {
        return sse.sawError();
    }

    long writtenAt() {
        return writtenAt;
    }

    /** Nanoseconds the TCP handshake took, or -1 if it has not completed. */
    long connectNanos() {
        return connectedAt == 0 ? -1 : connectedAt - connectStartedAt;
    }

    long scheduledAt() {
        return scheduledAt;
    }

    void scheduledAt(long nanos) {
        this.scheduledAt = nanos;
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
    }
}
