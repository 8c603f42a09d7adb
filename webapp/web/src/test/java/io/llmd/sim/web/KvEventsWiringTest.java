package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmd.sim.core.SimOptions;
import org.junit.jupiter.api.Test;

/** The KV-event transport is optional: the web layer runs without its jar, unless events are asked for. */
class KvEventsWiringTest {

    @Test
    void withoutEventsNoPublisherIsLookedFor() {
        assertThat(KvEventsWiring.open(SimOptions.builder().model("m").build(), null, null))
                .isNull();
    }

    @Test
    void eventsAskedForWithoutTheJarRefuseToStartSayingWhy() {
        // The web layer's own tests run without llm-d-inference-sim-kv-events on the class path.
        SimOptions options = SimOptions.builder()
                .model("m")
                .set(io.llmd.sim.core.Flag.ZMQ_ENDPOINT, "tcp://127.0.0.1:1")
                .build();

        assertThatThrownBy(() -> KvEventsWiring.open(options, "8000", "10.0.0.5"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("KV events are enabled, but the llm-d-inference-sim-kv-events jar is not deployed");
    }
}
