package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each data-parallel rank's KV-event endpoints, offset by its rank as vLLM offsets them, and their ports' clashes. */
class KvEventPortsTest {

    private static KvEventsOptions events(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--model";
        all[1] = "m";
        System.arraycopy(args, 0, all, 2, args.length);
        return config(all).prefixCache().kvEvents();
    }

    private static String vllm(String endpoint, String replay) {
        return "{\"enable_kv_cache_events\":true,\"endpoint\":\"" + endpoint + "\""
                + (replay == null ? "" : ",\"replay_endpoint\":\"" + replay + "\"") + "}";
    }

    @Test
    void aTcpPortIsOffsetAfterTheLastColonAndAnInprocNameGetsTheRank() {
        assertThat(KvEventPorts.forRank("tcp://*:5557", 0)).isEqualTo("tcp://*:5557");
        assertThat(KvEventPorts.forRank("tcp://*:5557", 3)).isEqualTo("tcp://*:5560");
        assertThat(KvEventPorts.forRank("tcp://[::1]:5557", 1)).isEqualTo("tcp://[::1]:5558");
        assertThat(KvEventPorts.forRank("tcp://router.example:6000", 2)).isEqualTo("tcp://router.example:6002");
        assertThat(KvEventPorts.forRank("inproc://cache", 2)).isEqualTo("inproc://cache_dp2");
        assertThat(KvEventPorts.forRank("ipc:///tmp/kv", 0)).isEqualTo("ipc:///tmp/kv");
    }

    @Test
    void anEndpointWithoutAnOffsetIsRefusedForAnotherRankAsVllmRefusesIt() {
        assertThatThrownBy(() -> KvEventPorts.forRank("ipc:///tmp/kv", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(
                        "the endpoint ipc:///tmp/kv cannot be offset for data-parallel rank 1 (vLLM offsets tcp:// ports"
                                + " and inproc:// names only)");
        assertThatThrownBy(() -> KvEventPorts.forRank("tcp://router", 1)).hasMessageContaining("has no port");
        assertThatThrownBy(() -> KvEventPorts.forRank("tcp://*:65535", 1)).hasMessageContaining("beyond port 65535");
        assertThatThrownBy(() -> events("--data-parallel-size", "2", "--kv-events-config", vllm("ipc:///tmp/kv", null)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(
                        "--kv-events-config: the endpoint ipc:///tmp/kv cannot be offset for data-parallel rank 1");
    }

    @Test
    void aRankPublishesOnItsOffsetEndpointsAndSaysItsRank() {
        KvEventsOptions rank2 = events(
                "--data-parallel-rank",
                "2",
                "--zmq-endpoint",
                "tcp://127.0.0.1:6000",
                "--kv-events-replay-endpoint",
                "tcp://*:6100");
        assertThat(rank2.endpoint()).isEqualTo("tcp://127.0.0.1:6002");
        assertThat(rank2.replayEndpoint()).isEqualTo("tcp://*:6102");
        assertThat(rank2.dataParallelRank()).isEqualTo(2);

        KvEventsOptions rank0 = events("--data-parallel-size", "2", "--kv-events-config", vllm("tcp://*:6000", null));
        assertThat(rank0.endpoint()).as("rank 0 of the launcher's ranks").isEqualTo("tcp://*:6000");
        assertThat(rank0.dataParallelRank()).isZero();
    }

    @Test
    void portsBoundTwiceByTheRanksOfOneProcessAreRefused() {
        assertThatThrownBy(() -> events(
                        "--port",
                        "8000",
                        "--data-parallel-size",
                        "2",
                        "--kv-events-config",
                        vllm("tcp://*:6000", "tcp://*:6001")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--kv-events-config: the KV-event endpoint tcp://*:6001 of data-parallel rank 1"
                        + " takes port 6001, which is the replay endpoint tcp://*:6001 of data-parallel rank 0");
        assertThatThrownBy(() -> events(
                        "--port",
                        "8000",
                        "--data-parallel-size",
                        "4",
                        "--kv-events-config",
                        vllm("tcp://*:7998", null)))
                .hasMessageContaining("--kv-events-config: the KV-event endpoint tcp://*:8000 of data-parallel rank 2"
                        + " takes port 8000, which is the HTTP port of rank 0");
        assertThatThrownBy(() -> events(
                        "--port",
                        "8001",
                        "--data-parallel-rank",
                        "1",
                        "--enable-kvcache",
                        "--kv-events-replay-endpoint",
                        "tcp://*:8000"))
                .hasMessageContaining("--kv-events-replay-endpoint: the replay endpoint tcp://*:8001 of data-parallel"
                        + " rank 1 takes port 8001, which is the HTTP port (--port)");
        assertThatThrownBy(() -> events("--port", "5557", "--kv-events-config", vllm("tcp://*:5557", null)))
                .hasMessageContaining("the KV-event endpoint tcp://*:5557 takes port 5557, which is the HTTP port");
    }

    @Test
    void portsThatDoNotClashAreTaken() {
        // A connecting publisher binds nothing; --port 0 takes free ports; rank mode binds its own ports only.
        assertThat(events(
                                "--port",
                                "8000",
                                "--data-parallel-size",
                                "2",
                                "--zmq-endpoint",
                                "tcp://router:8001",
                                "--kv-events-replay-endpoint",
                                "tcp://*:8002")
                        .enabled())
                .isTrue();
        assertThat(events(
                        "--port",
                        "0",
                        "--data-parallel-size",
                        "8",
                        "--kv-events-config",
                        vllm("tcp://*:1", "tcp://*:9")))
                .isNotNull();
        assertThat(events(
                                "--port",
                                "8000",
                                "--data-parallel-size",
                                "4",
                                "--data-parallel-rank",
                                "3",
                                "--kv-events-config",
                                vllm("tcp://*:7998", null))
                        .endpoint())
                .isEqualTo("tcp://*:8001");
        assertThat(events("--data-parallel-size", "2", "--kv-events-config", vllm("inproc://kv", null))
                        .endpoint())
                .isEqualTo("inproc://kv");
    }
}
