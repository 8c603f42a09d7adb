package io.llmd.sim.metrics;

import io.llmd.sim.core.KvEventPublisher;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The simulator's own count of KV events its publisher dropped because its queue was full (vLLM
 * has no such metric; the name says it is the simulator's).
 */
public final class KvEventsMetrics {
    public static final String DROPPED = "llmd_sim_kv_events_dropped";

    private KvEventsMetrics() {}

    public static void register(PrometheusRegistry registry, KvEventPublisher publisher) {
        CounterWithCallback.builder()
                .name(DROPPED)
                .help("KV events dropped because the queue to the publisher was full.")
                .callback(callback -> callback.call((double) publisher.dropped()))
                .register(registry);
    }
}
