package io.llmd.sim.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The yardstick, not part of the product: the least a JVM needs to serve the benchmark's streams.
 * One thread, one selector, a 1 ms timer wheel holding every stream's next deadline, and one
 * {@code write} of a pre-encoded chunk per token; the same SSE chunks as the simulator's echo mode
 * would send, HTTP/1.1 with chunked bodies. It knows nothing of OpenAI beyond those bytes: no
 * validation, no JSON parsing (it finds {@code "max_tokens":} by scanning), no metrics. The
 * benchmark runs the same open-loop phases against it, so that its figures show how far the
 * simulator is from what the machine allows.
 *
 * <pre>java -cp llm-d-inference-sim-bench.jar io.llmd.sim.bench.FloorServer PORT TTFT_MS ITL_MS</pre>
 */
// Heap buffers it allocates itself (offset 0), and HTTP heads spelled out with their CRLFs.
@SuppressWarnings({"ByteBufferBackingArray", "StringConcatToTextBlock"})
public final class FloorServer {
    private static final int WHEEL_SLOTS = 4096;
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final byte[] HEADERS = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
            + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n");
    private static final String MODELS_BODY = "{\"object\":\"list\",\"data\":[]}";
    private static final byte[] MODELS = ascii("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + MODELS_BODY.length() + "\r\n\r\n" + MODELS_BODY);
    private static final byte[] MAX_TOKENS = ascii("\"max_tokens\":");

    private final long ttftNanos;
    private final long itlNanos;
    private final byte[] first;
    private final byte[] token;
    private final byte[] last;

    private final List<ArrayDeque<Stream>> wheel = new ArrayList<>(WHEEL_SLOTS);

    private long wheelTick;

    private FloorServer(long ttftNanos, long itlNanos) {
        this.ttftNanos = ttftNanos;
        this.itlNanos = itlNanos;
        this.first = chunk("data: {\"id\":\"chatcmpl-floor\",\"object\":\"chat.completion.chunk\",\"created\":0,"
                + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"word \"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        this.token = chunk("data: {\"id\":\"chatcmpl-floor\",\"object\":\"chat.completion.chunk\",\"created\":0,"
                + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}\n\n");
        byte[] end = chunk("data: {\"id\":\"chatcmpl-floor\",\"object\":\"chat.completion.chunk\",\"created\":0,"
                + "\"model\":\"bench-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"word \"},"
                + "\"logprobs\":null,\"finish_reason\":\"length\"}]}\n\ndata: [DONE]\n\n");
        byte[] close = ascii("0\r\n\r\n");
        this.last = new byte[end.length + close.length];
        System.arraycopy(end, 0, last, 0, end.length);
        System.arraycopy(close, 0, last, end.length, close.length);
        for (int i = 0; i < WHEEL_SLOTS; i++) {
            wheel.add(new ArrayDeque<>());
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: FloorServer PORT TTFT_MS ITL_MS");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        FloorServer server = new FloorServer(
                TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[1])),
                TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[2])));
        server.serve(port);
    }

    /** One connection: its request bytes, and its stream's progress once the request is whole. */
    private static final class Stream {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(8192);
        ByteBuffer pending;
        int tokensLeft;
        boolean started;
        long due;

        Stream(SocketChannel channel) {
            this.channel = channel;
        }
    }

    private void serve(int port) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8192);
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("floor server listening on " + port);
        wheelTick = System.nanoTime() / TICK_NANOS;
        while (true) {
            selector.select(1);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey key = keys.next();
                keys.remove();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    SocketChannel channel;
                    while ((channel = listener.accept()) != null) {
                        channel.configureBlocking(false);
                        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        channel.register(selector, SelectionKey.OP_READ, new Stream(channel));
                    }
                } else {
                    Stream stream = (Stream) key.attachment();
                    try {
                        if (key.isWritable()) {
                            drain(stream, key);
                        }
                        if (key.isValid() && key.isReadable()) {
                            read(stream, key);
                        }
                    } catch (IOException e) {
                        close(stream);
                    }
                }
            }
            turnWheel(selector);
        }
    }

    private void read(Stream stream, SelectionKey key) throws IOException {
        if (stream.channel.read(stream.in) < 0) {
            close(stream);
            return;
        }
        ByteBuffer in = stream.in;
        int headerEnd = indexOf(in, ascii("\r\n\r\n"));
        if (headerEnd < 0) {
            return;
        }
        String head = new String(in.array(), 0, headerEnd, StandardCharsets.ISO_8859_1);
        if (head.startsWith("GET")) {
            in.clear();
            send(stream, key, MODELS);
            return;
        }
        int length = contentLength(head);
        int total = headerEnd + 4 + length;
        if (in.position() < total) {
            return;
        }
        int maxTokens = maxTokens(in.array(), headerEnd + 4, total);
        in.clear();
        stream.tokensLeft = maxTokens;
        stream.started = false;
        send(stream, key, HEADERS);
        schedule(stream, System.nanoTime() + ttftNanos);
    }

    private void turnWheel(Selector selector) {
        long nowTick = System.nanoTime() / TICK_NANOS;
        while (wheelTick <= nowTick) {
            ArrayDeque<Stream> slot = wheel.get((int) (wheelTick % WHEEL_SLOTS));
            int count = slot.size();
            for (int i = 0; i < count; i++) {
                Stream stream = slot.poll();
                if (stream.due / TICK_NANOS > wheelTick) {
                    // Due in a later turn of the wheel.
                    slot.add(stream);
                    continue;
                }
                if (!stream.channel.isOpen()) {
                    continue;
                }
                SelectionKey key = stream.channel.keyFor(selector);
                try {
                    boolean end = --stream.tokensLeft <= 0;
                    send(stream, key, end ? last : stream.started ? token : first);
                    stream.started = true;
                    if (!end) {
                        schedule(stream, stream.due + itlNanos);
                    }
                } catch (IOException e) {
                    close(stream);
                }
            }
            wheelTick++;
        }
    }

    private void schedule(Stream stream, long due) {
        stream.due = due;
        long tick = Math.max(due / TICK_NANOS, wheelTick + 1);
        wheel.get((int) (tick % WHEEL_SLOTS)).add(stream);
    }

    /** One write; what the socket does not take waits for it to be writable (a slow client). */
    private static void send(Stream stream, SelectionKey key, byte[] bytes) throws IOException {
        if (stream.pending != null) {
            ByteBuffer joined = ByteBuffer.allocate(stream.pending.remaining() + bytes.length);
            joined.put(stream.pending).put(bytes).flip();
            stream.pending = joined;
            return;
        }
        ByteBuffer out = ByteBuffer.wrap(bytes);
        stream.channel.write(out);
        if (out.hasRemaining()) {
            stream.pending = out;
            key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
        }
    }

    private static void drain(Stream stream, SelectionKey key) throws IOException {
        stream.channel.write(stream.pending);
        if (!stream.pending.hasRemaining()) {
            stream.pending = null;
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
    }

    private static void close(Stream stream) {
        try {
            stream.channel.close();
        } catch (IOException e) {
            // Closing a socket that failed: nothing left to do.
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    private static int maxTokens(byte[] body, int from, int to) {
        for (int i = from; i + MAX_TOKENS.length < to; i++) {
            int j = 0;
            while (j < MAX_TOKENS.length && body[i + j] == MAX_TOKENS[j]) {
                j++;
            }
            if (j == MAX_TOKENS.length) {
                int k = i + j;
                while (k < to && body[k] == ' ') {
                    k++;
                }
                int value = 0;
                while (k < to && body[k] >= '0' && body[k] <= '9') {
                    value = value * 10 + body[k++] - '0';
                }
                return Math.max(1, value);
            }
        }
        return 16;
    }

    private static int indexOf(ByteBuffer buffer, byte[] needle) {
        byte[] data = buffer.array();
        int end = buffer.position();
        outer:
        for (int i = 0; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] chunk(String event) {
        byte[] data = ascii(event);
        return ascii(Integer.toHexString(data.length) + "\r\n" + event + "\r\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
