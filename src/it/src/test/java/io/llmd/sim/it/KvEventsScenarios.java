package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

/**
 * vLLM's KV-cache events as a cache-aware router reads them: a subscriber decodes every frame of a
 * scripted conversation (new blocks only, chained to their parent, with their token ids), sees
 * evictions of a small cache, finds no gap in the sequence numbers, and a subscriber that joins
 * late recovers every batch through replay. Each class gets its own ports.
 */
abstract class KvEventsScenarios {
    static final String MODEL = "kv-model";
    static final String TOPIC = "kv@10.0.0.5:8000@" + MODEL;
    /** The one adapter: vLLM numbers adapters from 1 as it loads them, and events carry that id. */
    static final String LORA = "kv-lora";

    abstract URI base();

    /** The PUB port of this class's server. */
    abstract int eventsPort();

    /** The replay port of this class's server. */
    abstract int replayPort();

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small cache (10 blocks of 16 tokens), publishing on {@code port} and replaying on {@code replay}. */
    static Map<String, String> settings(int port, int replay) {
        return Map.of(
                "model",
                MODEL,
                "lora-modules",
                LORA + "=/adapters/kv",
                "block-size",
                "16",
                "kv-cache-size",
                "10",
                "max-model-len",
                "160",
                "enable-prompt-tokens-details",
                "true",
                "enable-sleep-mode",
                "true",
                "VLLM_SERVER_DEV_MODE",
                "1",
                "kv-events-config",
                "{\"enable_kv_cache_events\":true,\"publisher\":\"zmq\",\"endpoint\":\"tcp://*:" + port
                        + "\",\"replay_endpoint\":\"tcp://*:" + replay + "\",\"topic\":\"" + TOPIC + "\"}");
    }

    private static String words(String tag, int count) {
        return IntStream.range(0, count).mapToObj(i -> tag + i).collect(Collectors.joining(" "));
    }

    private JsonNode complete(String prompt) {
        return complete(MODEL, prompt, 1);
    }

    private JsonNode complete(String model, String prompt, int maxTokens) {
        SimClient.Reply reply = new SimClient(base())
                .post(
                        "/v1/completions",
                        "{\"model\":\"" + model + "\",\"prompt\":" + SimClient.quote(prompt) + ",\"max_tokens\":"
                                + maxTokens + ",\"ignore_eos\":true}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return reply.json();
    }

    private List<Long> tokenIds(String prompt) {
        JsonNode tokens = new SimClient(base())
                .post("/tokenize", "{\"model\":\"" + MODEL + "\",\"prompt\":" + SimClient.quote(prompt) + "}")
                .json()
                .path("tokens");
        List<Long> ids = new ArrayList<>();
        tokens.forEach(id -> ids.add(id.asLong()));
        return ids;
    }

    /** One received batch: its sequence number and its events. */
    record Batch(long seq, List<Value> events) {}

    private static Batch decode(ZMsg msg) {
        assertThat(msg).as("three frames").hasSize(3);
        assertThat(msg.pop().getString(StandardCharsets.UTF_8)).isEqualTo(TOPIC);
        long seq = ByteBuffer.wrap(msg.pop().getData()).getLong();
        Value batch = unpack(msg.pop().getData());
        assertThat(batch.asArrayValue().size()).as("[ts, events, rank]").isEqualTo(3);
        assertThat(batch.asArrayValue().get(2).asIntegerValue().asInt()).isZero();
        return new Batch(seq, batch.asArrayValue().get(1).asArrayValue().list());
    }

    static Value unpack(byte[] payload) {
        try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(payload)) {
            return unpacker.unpackValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every batch that arrives within {@code millis} of the last one. */
    private static List<Batch> drain(ZMQ.Socket sub, int millis) {
        List<Batch> batches = new ArrayList<>();
        sub.setReceiveTimeOut(millis);
        ZMsg msg;
        while ((msg = ZMsg.recvMsg(sub)) != null) {
            batches.add(decode(msg));
        }
        return batches;
    }

    /**
     * The batches that arrive until one holds an event of {@code type} (within 10 s: a busy machine
     * may schedule the publisher late), and those that follow it within 300 ms.
     */
    private static List<Batch> drainUntil(ZMQ.Socket sub, String type) {
        List<Batch> batches = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        sub.setReceiveTimeOut(100);
        while (ofType(batches, type).isEmpty() && System.nanoTime() < deadline) {
            ZMsg msg = ZMsg.recvMsg(sub);
            if (msg != null) {
                batches.add(decode(msg));
            }
        }
        batches.addAll(drain(sub, 300));
        return batches;
    }

    private static List<Value> ofType(List<Batch> batches, String type) {
        List<Value> events = new ArrayList<>();
        for (Batch batch : batches) {
            for (Value event : batch.events()) {
                if (event.asArrayValue().get(0).asStringValue().asString().equals(type)) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    private static List<Long> longs(Value array) {
        List<Long> out = new ArrayList<>();
        for (Value item : array.asArrayValue()) {
            out.add(item.asIntegerValue().asBigInteger().longValue());
        }
        return out;
    }

    /**
     * The BlockStored events a subscriber on {@code port} receives while the server at {@code base}
     * is sent new prompts, one at a time until one is seen (a subscription reaches the publisher a
     * moment after the connection). Every batch must say it is of data-parallel rank {@code rank},
     * and, unless null, be sent on {@code topic}.
     */
    static List<Value> storedByRank(ZContext context, int port, URI base, String model, int rank, String topic) {
        ZMQ.Socket sub = dial(context, SocketType.SUB, port);
        try {
            sub.subscribe("kv@".getBytes(StandardCharsets.UTF_8));
            sub.setReceiveTimeOut(300);
            List<Value> stored = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (int attempt = 0; stored.isEmpty() && System.nanoTime() < deadline; attempt++) {
                // 40 new words: at least one full block whose chain starts here.
                String prompt = words("r" + rank + "a" + attempt + "w", 40);
                SimClient.Reply reply = new SimClient(base)
                        .post(
                                "/v1/completions",
                                "{\"model\":\"" + model + "\",\"prompt\":" + SimClient.quote(prompt)
                                        + ",\"max_tokens\":1}");
                assertThat(reply.status()).as(reply.body()).isEqualTo(200);
                ZMsg msg;
                while ((msg = ZMsg.recvMsg(sub)) != null) {
                    assertThat(msg).as("three frames").hasSize(3);
                    String received = msg.pop().getString(StandardCharsets.UTF_8);
                    if (topic != null) {
                        assertThat(received).as("the topic").isEqualTo(topic);
                    }
                    msg.pop();
                    Value batch = unpack(msg.pop().getData());
                    assertThat(batch.asArrayValue().get(2).asIntegerValue().asInt())
                            .as("data_parallel_rank")
                            .isEqualTo(rank);
                    for (Value event : batch.asArrayValue().get(1).asArrayValue()) {
                        if (type(event).equals("BlockStored")) {
                            stored.add(event);
                        }
                    }
                }
            }
            assertThat(stored).as("rank " + rank + "'s BlockStored events").isNotEmpty();
            return stored;
        } finally {
            sub.close();
        }
    }

    /** An event's type, in the array format or the map format. */
    static String type(Value event) {
        return (event.isMapValue() ? field(event, "type") : event.asArrayValue().get(0))
                .asStringValue()
                .asString();
    }

    /** A field of an event in vLLM's map format. */
    static Value field(Value event, String name) {
        Value value = event.asMapValue().map().get(ValueFactory.newString(name));
        assertThat(value).as(name + " in " + event).isNotNull();
        return value;
    }

    /**
     * A client socket connected to the server. JeroMQ, the client library here, sometimes leaves a
     * new outgoing connection out of its selector so that it never handshakes (the simulator's
     * publisher only dials when its endpoint names a host, and guards itself); a short handshake
     * timeout makes the same socket dial again instead of waiting 30 s, and messages wait for a
     * finished handshake (immediate), so a redial loses no request.
     */
    static ZMQ.Socket dial(ZContext context, SocketType type, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setHandshakeIvl(1_000);
        socket.setImmediate(true);
        socket.setSendTimeOut(10_000);
        socket.connect("tcp://127.0.0.1:" + port);
        return socket;
    }

    /**
     * A subscriber that has seen a first batch: while the cache is still empty, putting the engine
     * to sleep and waking it publishes AllBlocksCleared and changes nothing else. A subscription
     * reaches the publisher a moment after the connection, so this repeats until one arrives.
     */
    private ZMQ.Socket subscribed(ZContext context) {
        ZMQ.Socket sub = dial(context, SocketType.SUB, eventsPort());
        sub.subscribe("kv@".getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            SimClient client = new SimClient(base());
            assertThat(client.post("/sleep?level=1", "").status()).isEqualTo(200);
            assertThat(client.post("/wake_up", "").status()).isEqualTo(200);
            List<Batch> batches = drain(sub, 200);
            if (!ofType(batches, "AllBlocksCleared").isEmpty()) {
                drain(sub, 200);
                return sub;
            }
        }
        throw new AssertionError("the first subscriber received no batch within 15 s");
    }

    @Test
    void aSubscriberDecodesAConversationItsEvictionsAndLaterItsReplay() {
        try (ZContext context = new ZContext()) {
            ZMQ.Socket sub = subscribed(context);

            String prefix = words("p", 48);
            String first = prefix + " first";
            String second = prefix + " " + words("q", 16) + " end";
            JsonNode firstAnswer = complete(first);
            List<Batch> afterFirst = drainUntil(sub, "BlockStored");
            JsonNode secondAnswer = complete(second);
            List<Batch> afterSecond = drainUntil(sub, "BlockStored");

            List<Value> storedFirst = ofType(afterFirst, "BlockStored");
            assertThat(storedFirst).hasSize(1);
            Value one = storedFirst.get(0);
            List<Long> firstHashes = longs(one.asArrayValue().get(1));
            assertThat(firstHashes).hasSize(3);
            assertThat(one.asArrayValue().get(2).isNilValue())
                    .as("a first block has no parent")
                    .isTrue();
            assertThat(longs(one.asArrayValue().get(3)))
                    .isEqualTo(tokenIds(first).subList(0, 48));
            assertThat(one.asArrayValue().get(4).asIntegerValue().asInt()).isEqualTo(16);
            assertThat(firstAnswer.path("usage").has("prompt_tokens_details")).isFalse();

            List<Value> storedSecond = ofType(afterSecond, "BlockStored");
            assertThat(storedSecond).as("only the new block").hasSize(1);
            Value two = storedSecond.get(0);
            assertThat(longs(two.asArrayValue().get(1))).hasSize(1);
            assertThat(two.asArrayValue().get(2).asIntegerValue().asBigInteger().longValue())
                    .as("chained to the first request's last block")
                    .isEqualTo(firstHashes.get(2));
            assertThat(longs(two.asArrayValue().get(3)))
                    .isEqualTo(tokenIds(second).subList(48, 64));
            assertThat(secondAnswer
                            .at("/usage/prompt_tokens_details/cached_tokens")
                            .asInt())
                    .isEqualTo(48);

            // 10 blocks in all, 4 cached: two prompts of 4 new blocks each evict the oldest.
            complete(words("r", 70));
            complete(words("s", 70));
            List<Batch> afterFilling = drainUntil(sub, "BlockRemoved");
            List<Long> removed = new ArrayList<>();
            ofType(afterFilling, "BlockRemoved")
                    .forEach(event -> removed.addAll(longs(event.asArrayValue().get(1))));
            assertThat(removed).isNotEmpty();
            List<Long> announced = new ArrayList<>(firstHashes);
            announced.addAll(longs(two.asArrayValue().get(1)));
            ofType(afterFilling, "BlockStored")
                    .forEach(
                            event -> announced.addAll(longs(event.asArrayValue().get(1))));
            assertThat(announced).as("only announced blocks are removed").containsAll(removed);

            List<Batch> seen = new ArrayList<>(afterFirst);
            seen.addAll(afterSecond);
            seen.addAll(afterFilling);
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).seq())
                        .as("no gap")
                        .isEqualTo(seen.get(i - 1).seq() + 1);
            }

            List<Batch> replayed = replayFrom(context, 0);
            assertThat(replayed.get(0).seq()).as("from the first batch").isZero();
            for (int i = 1; i < replayed.size(); i++) {
                assertThat(replayed.get(i).seq()).isEqualTo(replayed.get(i - 1).seq() + 1);
            }
            assertThat(replayed.getLast().seq()).isEqualTo(seen.getLast().seq());
            assertThat(replayed.stream().map(Batch::events).toList())
                    .as("the live batches, recovered by a subscriber that joins late")
                    .containsSubsequence(seen.stream().map(Batch::events).toList());
            assertThat(SimClient.metric(
                            new SimClient(base()).get("/metrics").body(), "llmd_sim_kv_events_dropped_total"))
                    .as("nothing dropped")
                    .isZero();

            answerBlocksAreStoredAndFoundAgain(sub);
            anAdaptersBlocksCarryItsIdAndName(sub);
        }
    }

    /**
     * As vLLM caches a decoding request's full blocks: a 10-token prompt answered with 30 tokens
     * stores the two blocks its computed tokens fill (the last token's block is never computed),
     * with the answer's token ids; a follow-up prompt that repeats the answer finds them.
     */
    private void answerBlocksAreStoredAndFoundAgain(ZMQ.Socket sub) {
        drain(sub, 200);
        // Ends with a sign, so that the answer's first token stays a token of its own in the follow-up.
        String prompt = words("t", 9) + " t9:";
        JsonNode answer = complete(MODEL, prompt, 30);
        String text = answer.path("choices").path(0).path("text").asText();
        List<Long> ids = tokenIds(prompt + text);

        // Each block is stored as the answer fills it: two events, maybe in two batches.
        List<Long> stored = new ArrayList<>();
        List<Long> hashes = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (hashes.size() < 2 && System.nanoTime() < deadline) {
            for (Value event : ofType(drainUntil(sub, "BlockStored"), "BlockStored")) {
                stored.addAll(longs(event.asArrayValue().get(3)));
                hashes.addAll(longs(event.asArrayValue().get(1)));
            }
        }
        assertThat(ids).as(text).hasSize(prompt.split(" ").length + 1 + 30);
        assertThat(stored).as("the prompt's and the answer's tokens").isEqualTo(ids.subList(0, 32));
        assertThat(hashes).hasSize(2);

        JsonNode followUp = complete(MODEL, prompt + text + " and then", 1);
        assertThat(followUp.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(32);
    }

    /** vLLM's BlockStored names the adapter (lora_name) and carries its id (lora_id). */
    private void anAdaptersBlocksCarryItsIdAndName(ZMQ.Socket sub) {
        drain(sub, 200);
        complete(LORA, words("u", 20), 1);
        List<Value> stored = ofType(drainUntil(sub, "BlockStored"), "BlockStored");

        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).asArrayValue().get(5).asIntegerValue().asInt()).isEqualTo(1);
        assertThat(stored.get(0).asArrayValue().get(7).asStringValue().asString())
                .isEqualTo(LORA);
    }

    /** Asks the replay socket, as llm-d's router does, for every batch from {@code start} on. */
    private List<Batch> replayFrom(ZContext context, long start) {
        ZMQ.Socket dealer = dial(context, SocketType.DEALER, replayPort());
        try {
            dealer.setReceiveTimeOut(10_000);
            assertThat(dealer.sendMore(new byte[0]))
                    .as("a connection within 10 s")
                    .isTrue();
            dealer.send(ByteBuffer.allocate(8).putLong(start).array());
            List<Batch> batches = new ArrayList<>();
            while (true) {
                ZMsg reply = ZMsg.recvMsg(dealer);
                assertThat(reply).as("a replay reply").isNotNull();
                assertThat(reply.pop().getData()).isEmpty();
                if (reply.getLast().getData().length == 0) {
                    assertThat(reply.pop().getData())
                            .as("the end marker's empty topic")
                            .isEmpty();
                    assertThat(ByteBuffer.wrap(reply.pop().getData()).getLong()).isEqualTo(-1);
                    return batches;
                }
                batches.add(decode(reply));
            }
        } finally {
            dealer.close();
        }
    }
}
