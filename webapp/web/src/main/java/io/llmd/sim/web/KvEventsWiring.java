package io.llmd.sim.web;

import io.llmd.sim.core.KvEventPublisher;
import io.llmd.sim.core.KvEventsOptions;
import io.llmd.sim.core.SimOptions;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;

/**
 * Opens the KV-event publisher the settings ask for. The transport lives in its own jar
 * (llm-d-inference-sim-kv-events, with JeroMQ and msgpack-core), found through
 * {@link ServiceLoader}: a deployment without it runs, and refuses to start only when events are
 * asked for.
 */
final class KvEventsWiring {
    private KvEventsWiring() {}

    /**
     * @param listeningPort the port the launcher listens on, or null in a servlet container
     * @param podIp         {@code POD_IP}, for the Go simulator's topic; null for none
     * @return the publisher, or null when events are off
     * @throws IllegalStateException when events are asked for and no publisher is deployed
     */
    static @Nullable KvEventPublisher open(SimOptions options, @Nullable String listeningPort, @Nullable String podIp) {
        KvEventsOptions events = options.engine().prefixCache().kvEvents();
        if (!events.enabled()) {
            return null;
        }
        KvEventPublisher.Factory factory = ServiceLoader.load(
                        KvEventPublisher.Factory.class, KvEventsWiring.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "KV events are enabled, but the llm-d-inference-sim-kv-events jar is not deployed"));
        String port = listeningPort != null
                ? listeningPort
                : Integer.toString(options.server().port());
        String topic = "kv@" + (podIp == null || podIp.isBlank() ? "127.0.0.1" : podIp) + ":" + port + "@"
                + options.engine().model();
        return factory.open(events, topic);
    }
}
