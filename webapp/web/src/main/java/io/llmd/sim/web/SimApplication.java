package io.llmd.sim.web;

import io.llmd.sim.core.ApiOptions;
import io.llmd.sim.core.OperationsOptions;
import io.llmd.sim.core.RuntimeConfig;
import io.llmd.sim.core.Simulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.glassfish.jersey.internal.inject.AbstractBinder;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.jspecify.annotations.Nullable;

/**
 * The Jersey application, registered explicitly (no package or annotation scanning, which costs
 * start-up time): resources built with {@code new} around the one simulator, the error mappers,
 * and Jackson with the wire mapper.
 */
public final class SimApplication extends ResourceConfig {

    public SimApplication(Simulator simulator, Executor workers, ApiOptions api, ClientWatch clients) {
        this(simulator, workers, api, clients, OperationsOptions.NONE, null);
    }

    /** With the operations endpoints {@code operations} turns on; {@code admin} serves {@code /admin/config}. */
    public SimApplication(
            Simulator simulator,
            Executor workers,
            ApiOptions api,
            ClientWatch clients,
            OperationsOptions operations,
            @Nullable RuntimeConfig admin) {
        // Unpaced: each stream is written by its own request thread, flushed after each event.
        this(simulator, workers, api, clients, operations, admin, HeapWatch.ofThisJvm(), null, true);
    }

    /**
     * With streams written by {@code pacer} (null: each by its own request thread), which its owner
     * closes; {@code flushEachEvent} unless the container sends each write at once.
     */
    SimApplication(
            Simulator simulator,
            Executor workers,
            ApiOptions api,
            ClientWatch clients,
            OperationsOptions operations,
            @Nullable RuntimeConfig admin,
            HeapWatch heap,
            @Nullable Pacer pacer,
            boolean flushEachEvent) {
        Responder responder = new Responder(workers, pacer, simulator.clock(), flushEachEvent);
        GenerationResource generations = new GenerationResource(simulator, responder, clients);
        List<Object> resources = new ArrayList<>(List.of(
                generations,
                new AnthropicResource(simulator, generations),
                new ResponsesResource(simulator, generations),
                new TokenGenerationResource(simulator, generations),
                new RenderResource(simulator),
                new EmbeddingResource(simulator, responder, clients, api.embeddingDimensions()),
                new ModelsResource(simulator),
                new HealthResource(simulator.clock(), operations.startupDuration()),
                new LoraAdapterResource(simulator),
                new TokenizerResource(simulator)));
        if (operations.devMode()) {
            // vLLM mounts its sleep router under VLLM_SERVER_DEV_MODE=1 alone: its engine sleeps without
            // --enable-sleep-mode too (it then keeps its GPU memory, which a simulator has none of).
            resources.add(new SleepResource(simulator));
        }
        if (operations.adminApi() && admin != null) {
            resources.add(new AdminConfigResource(admin));
        }
        resources(resources.toArray());
        register(new ArrivalFilter(simulator.clock()));
        register(new MemoryGate(heap));
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
