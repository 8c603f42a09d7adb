package io.llmd.sim.kvevents;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.KvEvent;
import io.llmd.sim.core.KvEventPublisher;
import io.llmd.sim.core.KvEventsOptions;
import java.io.IOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/** A real ZeroMQ subscriber and replay client reading what the publisher sends, frame by frame. */
class ZmqKvEventPublisherTest {
    private static final long BIG_HASH = 0xfc5bed8de518e089L; // above 2^63: an unsigned 64-bit integer on the wire

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static KvEventsOptions options(int port, Integer replayPort, boolean map) {
        return options("tcp://*:" + port, replayPort, map);
    }

    private static KvEventsOptions options(String endpoint, Integer replayPort, boolean map) {
        return new KvEventsOptions(
                true,
                endpoint,
                replayPort == null ? null : "tcp://*:" + replayPort,
                100,
                1000,
                1000,
                "kv@pod@m",
                16,
                map,
                0);
    }

    private static KvEvent stored() {
        return new KvEvent.BlockStored(List.of(BIG_HASH, 7L), 5L, List.of(1, 2, 3, 4, 5, 6, 7, 8), 4, null);
    }

    /** A subscriber and the first message it received. */
    private record Subscribed(ZMQ.Socket sub, List<byte[]> first) {}

    /**
     * A client socket connected to the publisher. JeroMQ, the client library here, sometimes leaves
     * a new outgoing connection out of its selector, so that it never handshakes (see {@link
     * ZmqKvEventPublisher#DIAL_HANDSHAKE_MILLIS}); a short handshake timeout makes the same socket
     * dial again instead of waiting 30 s. Messages wait for a finished handshake (immediate), so a
     * redial loses no request.
     */
    private static ZMQ.Socket dial(ZContext context, SocketType type, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setHandshakeIvl(1_000);
        socket.setImmediate(true);
        socket.setSendTimeOut(10_000);
        socket.connect("tcp://127.0.0.1:" + port);
        return socket;
    }

    /**
     * Publishes until the subscriber has a first message: a subscriber joins late, as ZeroMQ
     * subscribers do, since its subscription reaches the publisher a moment after it connects.
     */
    private static List<byte[]> firstMessage(ZMQ.Socket sub, KvEventPublisher publisher) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            publisher.onKvEvent(new KvEvent.AllBlocksCleared());
            ZMsg msg = receive(sub, 50);
            if (msg != null) {
                List<byte[]> frames = new ArrayList<>();
                msg.forEach(frame -> frames.add(frame.getData()));
                return frames;
            }
        }
        throw new AssertionError("the first subscriber received nothing within 10 s");
    }

    private static Subscribed subscribed(ZContext context, int port, KvEventPublisher publisher) {
        ZMQ.Socket sub = dial(context, SocketType.SUB, port);
        sub.subscribe("kv@".getBytes(StandardCharsets.UTF_8));
        return new Subscribed(sub, firstMessage(sub, publisher));
    }

    @Test
    void publishesTopicSequenceAndATaggedArrayBatch() throws Exception {
        int port = freePort();
        try (ZContext context = new ZContext();
                KvEventPublisher publisher = new ZmqKvEventPublisherFactory().open(options(port, null, false), "x")) {
            Subscribed subscribed = subscribed(context, port, publisher);
            ZMQ.Socket sub = subscribed.sub();
            List<byte[]> warmUp = subscribed.first();
            long seq = ByteBuffer.wrap(warmUp.get(1)).getLong();
            while (receive(sub, 200) != null) {
                seq++;
            }

            publisher.onKvEvent(stored());
            publisher.onKvEvent(new KvEvent.BlockRemoved(List.of(BIG_HASH)));
            List<Value> events = new ArrayList<>();
            while (events.size() < 2) {
                ZMsg msg = receive(sub, 5_000);
                assertThat(msg).as("a batch").hasSize(3);
                assertThat(msg.pop().getString(StandardCharsets.UTF_8)).isEqualTo("kv@pod@m");
                assertThat(ByteBuffer.wrap(msg.pop().getData()).getLong())
                        .as("no gap")
                        .isEqualTo(++seq);
                Value batch = unpack(msg.pop().getData());
                assertThat(batch.asArrayValue().size()).isEqualTo(3);
                assertThat(batch.asArrayValue().get(0).isFloatValue()).isTrue();
                assertThat(batch.asArrayValue().get(2).asIntegerValue().asInt()).isZero();
                events.addAll(batch.asArrayValue().get(1).asArrayValue().list());
            }

            assertThat(events.get(0).toJson())
                    .isEqualTo("[\"BlockStored\",[18184389114128294025,7],5,[1,2,3,4,5,6,7,8],4,null,\"GPU\",null]");
            assertThat(events.get(0)
                            .asArrayValue()
                            .get(1)
                            .asArrayValue()
                            .get(0)
                            .asIntegerValue()
                            .asBigInteger())
                    .isEqualTo(new BigInteger("18184389114128294025"));
            assertThat(events.get(1).toJson()).isEqualTo("[\"BlockRemoved\",[18184389114128294025],\"GPU\"]");
        }
    }

    @Test
    void mapFormatTagsEachEventUnderType() {
        byte[] payload = new EventBatchEncoder(true, 0).encode(1.5, List.of(stored(), new KvEvent.AllBlocksCleared()));

        List<Value> events =
                unpack(payload).asArrayValue().get(1).asArrayValue().list();

        assertThat(events.get(0).toJson())
                .isEqualTo("{\"type\":\"BlockStored\",\"block_hashes\":[18184389114128294025,7],"
                        + "\"parent_block_hash\":5,\"token_ids\":[1,2,3,4,5,6,7,8],\"block_size\":4,"
                        + "\"lora_id\":null,\"medium\":\"GPU\",\"lora_name\":null}");
        assertThat(events.get(1).toJson()).isEqualTo("{\"type\":\"AllBlocksCleared\"}");
    }

    @Test
    void blocksOfAnAdapterCarryItsIdAndNameInBothFormats() {
        KvEvent stored = new KvEvent.BlockStored(List.of(7L), null, List.of(1, 2), 2, "sql-lora", 3);

        Value map = unpack(new EventBatchEncoder(true, 0).encode(1.5, List.of(stored)))
                .asArrayValue()
                .get(1)
                .asArrayValue()
                .get(0);
        Value array = unpack(new EventBatchEncoder(false, 0).encode(1.5, List.of(stored)))
                .asArrayValue()
                .get(1)
                .asArrayValue()
                .get(0);

        assertThat(map.toJson())
                .isEqualTo("{\"type\":\"BlockStored\",\"block_hashes\":[7],\"parent_block_hash\":null,"
                        + "\"token_ids\":[1,2],\"block_size\":2,\"lora_id\":3,\"medium\":\"GPU\","
                        + "\"lora_name\":\"sql-lora\"}");
        assertThat(array.toJson()).isEqualTo("[\"BlockStored\",[7],null,[1,2],2,3,\"GPU\",\"sql-lora\"]");
    }

    /** One replay request from seq 0: the sequence numbers and events of every batch replayed. */
    private static void askReplay(ZContext context, int replayPort, List<Long> seqs, List<String> events) {
        ZMQ.Socket dealer = dial(context, SocketType.DEALER, replayPort);
        try {
            assertThat(dealer.sendMore(new byte[0]))
                    .as("a connection within 10 s")
                    .isTrue();
            dealer.send(ByteBuffer.allocate(8).putLong(0).array());
            while (true) {
                ZMsg reply = receive(dealer, 10_000);
                assertThat(reply).as("a reply to the first replay request").isNotNull();
                assertThat(reply.pop().getData()).isEmpty();
                String topic = reply.pop().getString(StandardCharsets.UTF_8);
                long seq = ByteBuffer.wrap(reply.pop().getData()).getLong();
                byte[] payload = reply.pop().getData();
                if (payload.length == 0) {
                    assertThat(topic).isEmpty();
                    assertThat(seq).as("the end marker").isEqualTo(-1);
                    return;
                }
                assertThat(topic).isEqualTo("kv@pod@m");
                seqs.add(seq);
                for (Value event : unpack(payload).asArrayValue().get(1).asArrayValue()) {
                    events.add(event.toJson());
                }
            }
        } finally {
            dealer.close();
        }
    }

    @Test
    void aLateSubscriberRecoversEveryBatchThroughReplay() throws Exception {
        int port = freePort();
        int replayPort = freePort();
        try (ZContext context = new ZContext();
                KvEventPublisher publisher =
                        new ZmqKvEventPublisherFactory().open(options(port, replayPort, false), "x")) {
            for (int i = 0; i < 3; i++) {
                publisher.onKvEvent(new KvEvent.BlockRemoved(List.of((long) i)));
                Thread.sleep(30); // most often one batch each; a busy machine may join two
            }
            List<Long> seqs = new ArrayList<>();
            List<String> events = new ArrayList<>();
            // Each request must be answered; a busy publisher thread may not have sent all three yet.
            for (int asked = 0; asked < 20 && events.size() < 3; asked++) {
                seqs.clear();
                events.clear();
                askReplay(context, replayPort, seqs, events);
                if (events.size() < 3) {
                    Thread.sleep(100);
                }
            }

            assertThat(seqs).as("every batch from 0, without a gap").isNotEmpty();
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).isEqualTo(i);
            }
            assertThat(events)
                    .containsExactly(
                            "[\"BlockRemoved\",[0],\"GPU\"]",
                            "[\"BlockRemoved\",[1],\"GPU\"]",
                            "[\"BlockRemoved\",[2],\"GPU\"]");
        }
    }

    @Test
    void aPublisherThatDialsReachesABoundSubscriber() throws Exception {
        int port = freePort();
        try (ZContext context = new ZContext()) {
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.subscribe("kv@".getBytes(StandardCharsets.UTF_8));
            sub.bind("tcp://127.0.0.1:" + port);
            try (KvEventPublisher publisher =
                    new ZmqKvEventPublisherFactory().open(options("tcp://127.0.0.1:" + port, null, false), "x")) {
                List<byte[]> first = firstMessage(sub, publisher);

                assertThat(new String(first.get(0), StandardCharsets.UTF_8)).isEqualTo("kv@pod@m");
            }
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
        KvEventsOptions tiny = new KvEventsOptions(true, "inproc://tiny", null, 10, 10, 1, "", 1, false, 0);
        try (KvEventPublisher publisher = new ZmqKvEventPublisherFactory().open(tiny, "x")) {
            for (int i = 0; i < 10_000; i++) {
                publisher.onKvEvent(new KvEvent.AllBlocksCleared());
            }
            assertThat(publisher.dropped()).isPositive();
        }
    }

    @Test
    void theWebLayerFindsThePublisherThroughServiceLoader() {
        assertThat(ServiceLoader.load(KvEventPublisher.Factory.class).findFirst())
                .get()
                .isInstanceOf(ZmqKvEventPublisherFactory.class);
    }

    /** The next message, or null after {@code millis}. */
    private static ZMsg receive(ZMQ.Socket socket, int millis) {
        socket.setReceiveTimeOut(millis);
        return ZMsg.recvMsg(socket);
    }

    private static Value unpack(byte[] payload) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
            return unpacker.unpackValue();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
