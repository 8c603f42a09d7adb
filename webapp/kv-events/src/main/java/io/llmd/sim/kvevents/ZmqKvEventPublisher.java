package io.llmd.sim.kvevents;

import io.llmd.sim.core.KvEvent;
import io.llmd.sim.core.KvEventPublisher;
import io.llmd.sim.core.KvEventsOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * vLLM's ZeroMQ KV-event publisher: a PUB socket sends each batch as three frames
 * {@code [topic, seq (8 bytes, big-endian, from 0), payload]}; a ROUTER socket, when a replay
 * endpoint is set, answers a request {@code [empty, start seq]} with every kept batch from that
 * sequence number on, each {@code [empty, topic, seq, payload]}, then the end marker
 * {@code [empty, "", -1, ""]}, the shape llm-d's router reads. Each batch carries the engine's
 * data-parallel rank (its endpoints are offset by it already). The engine's threads only queue
 * events (a full queue drops them, counted); one thread of the publisher owns both sockets.
 */
final class ZmqKvEventPublisher implements KvEventPublisher {
    private static final Logger LOG = Logger.getLogger(ZmqKvEventPublisher.class.getName());
    private static final byte[] EMPTY = new byte[0];
    private static final long POLL_MILLIS = 5;
    /**
     * How long a connection the publisher dials may take to finish the ZeroMQ handshake before it
     * is dropped and dialled again. JeroMQ 0.6.0 sometimes leaves a freshly connected channel out
     * of its selector: when the connecter's handle and the new engine's handle on the same channel
     * are handled in one pass, the poller finds the connecter's cancelled key and registers nothing
     * (zeromq/jeromq pull request 1022), so the connection never sends its greeting. Only the
     * handshake timer ends that, after 30 s by default, long enough for a router to miss the
     * replica's first blocks. A bound socket is not affected: each accepted channel is new. A
     * healthy handshake takes a few milliseconds.
     */
    static final int DIAL_HANDSHAKE_MILLIS = 2_000;

    private final KvEventsOptions options;
    private final byte[] topic;
    private final EventBatchEncoder encoder;
    private final BlockingQueue<KvEvent> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final ReplayBuffer replay;
    private final ZContext context = new ZContext();
    private final ZMQ.Socket pub;
    private final ZMQ.@Nullable Socket router;
    private final Thread thread;
    private volatile boolean running = true;
    private long nextSeq;

    ZmqKvEventPublisher(KvEventsOptions options, String topic) {
        this.options = options;
        this.topic = topic.getBytes(StandardCharsets.UTF_8);
        this.encoder = new EventBatchEncoder(options.mapFormat(), options.dataParallelRank());
        this.queue = new ArrayBlockingQueue<>(Math.max(1, options.maxQueueSize()));
        this.replay = new ReplayBuffer(options.bufferSteps());
        try {
            pub = context.createSocket(SocketType.PUB);
            pub.setSndHWM(options.hwm());
            pub.setLinger(1_000);
            open(pub, options.endpoint(), KvEventsOptions.binds(options.endpoint()));
            if (options.replayEndpoint() != null) {
                router = context.createSocket(SocketType.ROUTER);
                open(router, options.replayEndpoint(), true);
            } else {
                router = null;
            }
        } catch (RuntimeException e) {
            context.close();
            throw new IllegalStateException("cannot open the KV-event sockets: " + e.getMessage(), e);
        }
        thread = Thread.ofPlatform().name("kv-events-publisher").daemon(true).start(this::run);
        LOG.info("Publishing KV events of data-parallel rank " + options.dataParallelRank() + " on "
                + options.endpoint() + " (topic '" + topic + "')"
                + (router == null ? "" : ", replaying on " + options.replayEndpoint()));
    }

    private static void open(ZMQ.Socket socket, String endpoint, boolean bind) {
        if (endpoint.contains("::") || endpoint.contains("[")) {
            socket.setIPv6(true);
        }
        if (bind) {
            socket.bind(endpoint);
        } else {
            socket.setHandshakeIvl(DIAL_HANDSHAKE_MILLIS);
            socket.connect(endpoint);
        }
    }

    @Override
    public void onKvEvent(KvEvent event) {
        if (!queue.offer(event)) {
            long count = dropped.incrementAndGet();
            if (count == 1 || count % 10_000 == 0) {
                LOG.warning("The KV-event queue is full (" + options.maxQueueSize() + " events): " + count
                        + " events dropped so far");
            }
        }
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    private void run() {
        List<KvEvent> batch = new ArrayList<>();
        try {
            while (running || !queue.isEmpty()) {
                KvEvent first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, options.batchSize() - 1);
                    publish(batch);
                    batch.clear();
                }
                serveReplays();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warning("The KV-event publisher stopped: " + e);
        }
    }

    private void publish(List<KvEvent> events) {
        byte[] payload = encoder.encode(System.currentTimeMillis() / 1000.0, events);
        long seq = nextSeq++;
        byte[] seqBytes = seq(seq);
        pub.sendMore(topic);
        pub.sendMore(seqBytes);
        pub.send(payload);
        if (router != null) {
            replay.add(seq, payload);
        }
    }

    private void serveReplays() {
        if (router == null) {
            return;
        }
        ZMsg request;
        while ((request = ZMsg.recvMsg(router, ZMQ.DONTWAIT)) != null) {
            byte[] identity = request.pop().getData();
            byte[] start = request.isEmpty() ? EMPTY : request.removeLast().getData();
            request.destroy();
            if (start.length < 8) {
                continue;
            }
            for (ReplayBuffer.Batch batch : replay.from(ByteBuffer.wrap(start).getLong())) {
                reply(router, identity, topic, seq(batch.seq()), batch.payload());
            }
            reply(router, identity, EMPTY, seq(-1), EMPTY);
        }
    }

    private static void reply(ZMQ.Socket router, byte[] identity, byte[] topicFrame, byte[] seq, byte[] payload) {
        router.sendMore(identity);
        router.sendMore(EMPTY);
        router.sendMore(topicFrame);
        router.sendMore(seq);
        router.send(payload);
    }

    private static byte[] seq(long seq) {
        return ByteBuffer.allocate(8).putLong(seq).array();
    }

    /** Publishes what is queued, then closes the sockets. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
