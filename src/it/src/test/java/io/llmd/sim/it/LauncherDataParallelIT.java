package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;
import org.zeromq.ZContext;

/**
 * {@code --data-parallel-size 2}: one launcher, two independent engines on {@code --port} and
 * {@code --port + 1}, each with its own metrics, sleep state and configuration, and its own
 * KV-event publisher on the events port plus its rank (in vLLM's map format here).
 */
class LauncherDataParallelIT {
    private static final String MODEL = "dp-model";
    private static final String PROMPT_TOKENS = "vllm:prompt_tokens_total{engine=\"0\",model_name=\"" + MODEL + "\"}";
    private static final String RANK_ONE_PROMPT_TOKENS =
            "vllm:prompt_tokens_total{engine=\"1\",model_name=\"" + MODEL + "\"}";
    private static LauncherProcess launcher;
    private static int port;
    private static int eventsPort;

    @BeforeAll
    static void start() {
        port = twoFreePorts();
        do {
            eventsPort = twoFreePorts();
        } while (Math.abs(eventsPort - port) < 2);
        launcher = LauncherProcess.startAsGiven(
                Map.of("VLLM_SERVER_DEV_MODE", "1"),
                "--port",
                Integer.toString(port),
                "--host",
                "127.0.0.1",
                "--model",
                MODEL,
                "--mode",
                "echo",
                "--seed",
                "7",
                "--data-parallel-size",
                "2",
                "--enable-sleep-mode",
                "--enable-admin-api",
                "--zmq-endpoint",
                "tcp://*:" + eventsPort,
                "--use-vllm-map-event-format");
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    /** A port that is free, with the next one free too. */
    private static int twoFreePorts() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int candidate = first.getLocalPort();
                if (candidate < 65_535) {
                    try (ServerSocket second = new ServerSocket(candidate + 1, 1, InetAddress.getLoopbackAddress())) {
                        if (second.isBound()) {
                            return candidate;
                        }
                    } catch (IOException taken) {
                        // Try another pair.
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no two free ports in a row");
    }

    private static SimClient rank(int rank) {
        return new SimClient(URI.create("http://127.0.0.1:" + (port + rank) + "/"));
    }

    @Test
    void eachRankListensOnItsPortWithItsOwnEngine() throws InterruptedException {
        assertThat(launcher.uri().getPort()).isEqualTo(port);
        // Rank 1's line follows rank 0's, which is what the start waited for.
        String rankOne = "data-parallel rank 1 listening on http://127.0.0.1:" + (port + 1);
        for (int i = 0; i < 100 && !launcher.output().contains(rankOne); i++) {
            Thread.sleep(50);
        }
        assertThat(launcher.output()).contains(rankOne);
        try (SimClient zero = rank(0);
                SimClient one = rank(1)) {
            double oneBefore = SimClient.metric(one.get("/metrics").body(), RANK_ONE_PROMPT_TOKENS);
            assertThat(oneBefore).isNotNaN();
            SimClient.Reply answer =
                    zero.post("/v1/chat/completions", SimClient.chat(MODEL, "one two three", "\"max_tokens\":2"));
            assertThat(answer.status()).isEqualTo(200);

            assertThat(SimClient.metric(zero.get("/metrics").body(), PROMPT_TOKENS))
                    .isGreaterThan(0);
            assertThat(SimClient.metric(one.get("/metrics").body(), RANK_ONE_PROMPT_TOKENS))
                    .as(
                            "rank 1's registry saw none of rank 0's request, and labels its series engine=\"1\" as vLLM does")
                    .isEqualTo(oneBefore);
            assertThat(one.get("/v1/models").status()).isEqualTo(200);
        }
    }

    @Test
    void ranksSleepAndAreConfiguredEachOnItsOwn() {
        try (SimClient zero = rank(0);
                SimClient one = rank(1)) {
            assertThat(one.post("/sleep", "").status()).isEqualTo(200);
            assertThat(one.get("/is_sleeping").json().path("is_sleeping").asBoolean())
                    .isTrue();
            assertThat(zero.get("/is_sleeping").json().path("is_sleeping").asBoolean())
                    .isFalse();
            assertThat(one.post("/wake_up", "").status()).isEqualTo(200);

            assertThat(one.get("/admin/config")
                            .json()
                            .path("data-parallel-rank")
                            .path("value")
                            .asText())
                    .isEqualTo("1");
            assertThat(one.get("/admin/config")
                            .json()
                            .path("seed")
                            .path("value")
                            .asText())
                    .as("rank 1 draws from --seed + 1")
                    .isEqualTo("8");
            assertThat(zero.get("/admin/config")
                            .json()
                            .path("seed")
                            .path("value")
                            .asText())
                    .isEqualTo("7");
        }
    }

    @Test
    void eachRankPublishesItsKvEventsOnItsOwnPortSayingItsRank() {
        try (ZContext context = new ZContext()) {
            for (int rank = 0; rank < 2; rank++) {
                List<Value> stored = KvEventsScenarios.storedByRank(
                        context,
                        eventsPort + rank,
                        URI.create("http://127.0.0.1:" + (port + rank) + "/"),
                        MODEL,
                        rank,
                        "kv@127.0.0.1:" + (port + rank) + "@" + MODEL);
                Value event = stored.get(0);
                assertThat(event.isMapValue()).as("vLLM's map format").isTrue();
                assertThat(KvEventsScenarios.field(event, "block_size")
                                .asIntegerValue()
                                .asInt())
                        .isEqualTo(16);
                assertThat(KvEventsScenarios.field(event, "parent_block_hash").isNilValue())
                        .as("a new prompt's first block has no parent")
                        .isTrue();
                assertThat(KvEventsScenarios.field(event, "token_ids")
                                .asArrayValue()
                                .size())
                        .isEqualTo(16
                                * KvEventsScenarios.field(event, "block_hashes")
                                        .asArrayValue()
                                        .size());
                assertThat(KvEventsScenarios.field(event, "medium")
                                .asStringValue()
                                .asString())
                        .isEqualTo("GPU");
            }
        }
    }
}
