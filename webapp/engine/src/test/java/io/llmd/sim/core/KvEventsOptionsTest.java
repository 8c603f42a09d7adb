package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** vLLM's --kv-events-config and the Go simulator's event flags, read into one section. */
class KvEventsOptionsTest {

    private static KvEventsOptions events(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--model";
        all[1] = "m";
        System.arraycopy(args, 0, all, 2, args.length);
        return config(all).prefixCache().kvEvents();
    }

    @Test
    void offByDefault() {
        assertThat(events()).isEqualTo(KvEventsOptions.NONE);
        assertThat(events().enabled()).isFalse();
    }

    @Test
    void vllmsConfigTakesItsKeysAndDefaults() {
        KvEventsOptions options = events(
                "--kv-events-config",
                "{\"enable_kv_cache_events\": true, \"publisher\": \"zmq\", \"replay_endpoint\": \"tcp://*:5558\","
                        + " \"buffer_steps\": 50, \"topic\": \"kv@10.0.0.1@m\"}");

        assertThat(options)
                .isEqualTo(new KvEventsOptions(
                        true, "tcp://*:5557", "tcp://*:5558", 50, 100_000, 100_000, "kv@10.0.0.1@m", 16, false, 0));
        assertThat(events("--kv-events-config", "{\"enable_kv_cache_events\": true, \"publisher\": \"null\"}")
                        .enabled())
                .isFalse();
    }

    @Test
    void theGoSimulatorsFlagsMapOntoTheSameSettings() {
        KvEventsOptions options = events(
                "--zmq-endpoint",
                "tcp://127.0.0.1:6000",
                "--event-batch-size",
                "4",
                "--kv-events-replay-endpoint",
                "tcp://*:6001",
                "--kv-events-replay-queue-size",
                "7",
                "--use-vllm-map-event-format");

        assertThat(options)
                .isEqualTo(new KvEventsOptions(
                        true, "tcp://127.0.0.1:6000", "tcp://*:6001", 7, 100_000, 100_000, null, 4, true, 0));
        assertThat(events("--enable-kvcache").endpoint()).isEqualTo("tcp://127.0.0.1:5557");
    }

    @Test
    void bindsOrConnectsByVllmsRule() {
        assertThat(KvEventsOptions.binds("tcp://*:5557")).isTrue();
        assertThat(KvEventsOptions.binds("tcp://[::]:5557")).isTrue();
        assertThat(KvEventsOptions.binds("ipc:///tmp/kv")).isTrue();
        assertThat(KvEventsOptions.binds("inproc://kv")).isTrue();
        assertThat(KvEventsOptions.binds("tcp://router:5557")).isFalse();
    }

    @Test
    void aWrongConfigIsRefusedWithItsKey() {
        assertThatThrownBy(() -> events("--kv-events-config", "{\"enable_kv_cache_events\": \"yes\"}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kv-events-config")
                .hasMessageContaining("'enable_kv_cache_events' cannot be yes");
        assertThatThrownBy(() -> events("--kv-events-config", "{\"endpont\": \"x\"}"))
                .hasMessageContaining("unknown key 'endpont'");
        assertThatThrownBy(() -> events("--kv-events-config", "not json")).hasMessageContaining("kv-events-config");
    }
}
