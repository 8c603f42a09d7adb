package io.llmd.sim.kvevents;

import io.llmd.sim.core.KvEventPublisher;
import io.llmd.sim.core.KvEventsOptions;

/** The ZeroMQ publisher, as {@link java.util.ServiceLoader} finds it. */
public final class ZmqKvEventPublisherFactory implements KvEventPublisher.Factory {

    @Override
    public KvEventPublisher open(KvEventsOptions options, String defaultTopic) {
        return new ZmqKvEventPublisher(options, options.topic() == null ? defaultTopic : options.topic());
    }
}
