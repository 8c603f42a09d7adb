package io.llmd.sim.web;

import io.llmd.sim.core.ApiOptions;
import io.llmd.sim.core.Simulator;
import java.util.concurrent.Executor;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/**
 * The Jersey application, registered explicitly (no package or annotation scanning, which costs
 * start-up time): resources built with {@code new} around the one simulator, the error mappers,
 * and Jackson with the wire mapper.
 */
public final class SimApplication extends ResourceConfig {

    public SimApplication(Simulator simulator, Executor workers, ApiOptions api, ClientWatch clients) {
        this(simulator, workers, api, clients, HeapWatch.ofThisJvm());
    }

    SimApplication(Simulator simulator, Executor workers, ApiOptions api, ClientWatch clients, HeapWatch heap) {
        Pacer pacer = Pacer.forThisMachine(simulator.clock());
        Responder responder = new Responder(workers, pacer, simulator.clock());
        resources(
                new GenerationResource(simulator, responder, clients),
                new ModelsResource(simulator),
                new HealthResource(),
                new LoraAdapterResource(simulator),
                new TokenizerResource(simulator));
        register(new ArrivalFilter(simulator.clock()));
        register(new MemoryGate(heap));
        register(new PacerShutdown(pacer));
        register(new AnyAccept());
        register(new StrictUtf8());
        if (api.requestIdHeaders()) {
            register(new RequestIdFilter());
        }
        register(new ErrorMappers.Sim());
        register(new ErrorMappers.BadJson());
        register(new ErrorMappers.Http());
        register(new ErrorMappers.Unexpected());
        register(new ErrorBodies());
        register(new QuietWhenClientGone());
        register(JacksonFeature.withoutExceptionMappers());
        register(new ObjectMapperResolver());
        // Without this Jersey holds back the first 8 KiB of a response and ignores flush: SSE would arrive in bursts.
        property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
        property(ServerProperties.WADL_FEATURE_DISABLE, true);
        property(ServerProperties.FEATURE_AUTO_DISCOVERY_DISABLE, true);
        property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    }

    /**
     * Registers resources built with {@code new}: each class as a resource, and one binder that
     * hands out the instances for them. (Registering an instance directly makes Jersey log a
     * warning for every resource; registration is by class, so one binder must bind them all.)
     */
    private void resources(Object... instances) {
        for (Object instance : instances) {
            register(instance.getClass());
        }
        register(new AbstractBinder() {
            @Override
            protected void configure() {
                for (Object instance : instances) {
                    bindInstance(instance);
                }
            }

            private <T> void bindInstance(T instance) {
                @SuppressWarnings("unchecked")
                Class<T> type = (Class<T>) instance.getClass();
                bind(instance).to(type);
            }
        });
    }
}
