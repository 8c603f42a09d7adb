package io.llmd.sim.web;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.RuntimeConfig;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Simulator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;

/**
 * The Jersey application around a real simulator, called without a servlet container or a
 * socket: what the resources, filters and mappers answer, bytes included.
 */
final class InMemorySim implements AutoCloseable {
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ApplicationHandler handler;
    /** Writes the streams, as a deployment's pacer does; ended with this. */
    private final Pacer pacer;

    private final Simulator simulator;
    private volatile MapPropertiesDelegate lastProperties;

    InMemorySim(String... args) {
        this(HeapWatch.ofThisJvm(), args);
    }

    /** With the given view of the heap (one that is short, say). */
    InMemorySim(HeapWatch heap, String... args) {
        this(heap, false, args);
    }

    /** As {@code VLLM_SERVER_DEV_MODE=1} starts it, with vLLM's development endpoints. */
    static InMemorySim inDevMode(String... args) {
        return new InMemorySim(HeapWatch.ofThisJvm(), true, args);
    }

    private InMemorySim(HeapWatch heap, boolean devMode, String... args) {
        java.util.Map<Flag, String> flags = CommandLine.parse(args).values();
        SimOptions options = SimOptions.builder()
                .set(flags)
                .timeSeed(() -> 7L)
                .devMode(devMode)
                .build();
        simulator = new Simulator(options.engine(), NanoClock.SYSTEM, java.util.List.of());
        RuntimeConfig admin = new RuntimeConfig(
                new ConfigSources(flags, java.util.Map.of(), java.util.Map.of()),
                options,
                null,
                devMode,
                updated -> simulator.reconfigure(updated.engine()));
        pacer = Pacer.forThisMachine(simulator.clock());
        handler = new ApplicationHandler(new SimApplication(
                simulator,
                workers,
                options.api(),
                new ClientWatch(new TcpTable(java.util.List.of())),
                options.operations(),
                admin,
                heap,
                pacer,
                true));
    }

    /** The simulator behind the application. */
    Simulator simulator() {
        return simulator;
    }

    /** A whole answer. */
    record Reply(int status, String contentType, String body) {}

    Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Reply post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** Sends a request with headers given as name, value, ...; waits for the whole answer. */
    Reply send(String method, String path, String body, String... headers) {
        lastProperties = new MapPropertiesDelegate();
        try {
            InMemoryExchange.Answer answer = InMemoryExchange.send(handler, method, path, body, lastProperties, headers)
                    .get(10, TimeUnit.SECONDS);
            return new Reply(answer.status(), answer.contentType(), answer.body());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " got no answer", e);
        }
    }

    /** A property the last request was given while it was served (a servlet container keeps them as attributes). */
    Object property(String name) {
        return lastProperties.getProperty(name);
    }

    @Override
    public void close() {
        workers.close();
        pacer.close();
    }
}
