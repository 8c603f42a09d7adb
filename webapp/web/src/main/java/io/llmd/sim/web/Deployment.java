package io.llmd.sim.web;

import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.EngineListener;
import io.llmd.sim.core.FakeGauges;
import io.llmd.sim.core.FakeMetrics;
import io.llmd.sim.core.KvEventPublisher;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.OperationsOptions;
import io.llmd.sim.core.RecordedAnswers;
import io.llmd.sim.core.RuntimeConfig;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.metrics.FakeMetricsRecorder;
import io.llmd.sim.metrics.KvEventsMetrics;
import io.llmd.sim.metrics.VllmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.server.ApplicationHandler;
import org.jspecify.annotations.Nullable;

/**
 * One engine deployed in one servlet context, and the one owner of its lifecycle: {@link #start}
 * builds the engine and wires its filters and servlets while the warm-up runs the request paths in
 * memory, {@link #warmUp} waits for it before any client is served, then the deployment is
 * {@linkplain Phase#READY ready};
 * {@link #drain} stops admitting and lets running requests finish, {@link #stop} ends the pacer's
 * and the request threads and lets go of the engine. The container drives it through the listener
 * that started it (which stops it) and the Jersey servlet (which warms it up and drains it); the
 * embeddable server holds that listener, and drains the deployment before it stops Jetty.
 */
public final class Deployment {
    /** What a deployment is doing; it only moves forward. */
    public enum Phase {
        STARTING,
        WARMING_UP,
        READY,
        DRAINING,
        STOPPED
    }

    private static final Logger LOG = Logger.getLogger(Deployment.class.getName());
    private static final long STOP_WAIT_SECONDS = 5;

    private final SimOptions options;
    private final Simulator simulator;
    private final RuntimeConfig admin;
    private final @Nullable KvEventPublisher kvEvents;
    private final @Nullable RecordedAnswers recordedAnswers;
    private final StreamDelivery delivery;
    /** The threads that write paced streams (see {@link StreamDelivery#paced}), or null. */
    private final @Nullable Pacer pacer;

    private final WarmUp.@Nullable Running warming;
    private final ExecutorService workers;
    private final ClientWatch clients;
    private final AdmissionGate gate;
    private final long startNanos;
    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.STARTING);

    private Deployment(
            SimOptions options,
            Simulator simulator,
            RuntimeConfig admin,
            @Nullable KvEventPublisher kvEvents,
            @Nullable RecordedAnswers recordedAnswers,
            StreamDelivery delivery,
            WarmUp.@Nullable Running warming,
            long startNanos) {
        this.delivery = delivery;
        this.warming = warming;
        this.options = options;
        this.simulator = simulator;
        this.admin = admin;
        this.kvEvents = kvEvents;
        this.recordedAnswers = recordedAnswers;
        this.startNanos = startNanos;
        this.pacer = delivery.paced() ? Pacer.forThisMachine(simulator.clock()) : null;
        this.workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("sim-request-", 0).factory());
        this.clients = new ClientWatch(new TcpTable(TcpTable.LINUX));
        this.gate = new AdmissionGate(options.server().shutdownTimeout());
    }

    /**
     * Builds the engine of {@code options} and registers, in {@code context}, the filters, the
     * Jersey servlet (which waits for the warm-up once it is initialised) and the metrics servlet. The warm-up (unless
     * {@code --warm-up false}) starts first, on a thread of its own, and runs beside the rest of the
     * start: on more than one core the served Jersey application is built meanwhile. {@code sources},
     * {@code vllmApiKey} and {@code devMode} are what {@code /admin/config} re-reads the settings with.
     */
    static Deployment start(
            ServletContext context,
            SimOptions options,
            ConfigSources sources,
            @Nullable String vllmApiKey,
            boolean devMode,
            Function<String, String> environment) {
        long startNanos = System.nanoTime();
        // The warm-up needs nothing of what follows: it starts now and runs beside the rest of the start.
        WarmUp.Running warming = options.server().warmUp() ? new WarmUp(options).start() : null;
        try {
            return start(context, options, sources, vllmApiKey, devMode, environment, startNanos, warming);
        } catch (RuntimeException | Error e) {
            if (warming != null) {
                warming.cancel();
            }
            throw e;
        }
    }

    private static Deployment start(
            ServletContext context,
            SimOptions options,
            ConfigSources sources,
            @Nullable String vllmApiKey,
            boolean devMode,
            Function<String, String> environment,
            long startNanos,
            WarmUp.@Nullable Running warming) {
        SimConfig config = options.engine();
        PrometheusRegistry registry = new PrometheusRegistry();
        VllmMetrics metrics = new VllmMetrics(registry, config.maxModelLen());
        OperationsOptions operations = options.operations();
        if (operations.dataParallelSize() > 1 && operations.dataParallelRank() < 0) {
            // Only the launcher serves ranks on ports of their own; a container's port is its own.
            LOG.warning("--data-parallel-size " + operations.dataParallelSize()
                    + ": a servlet container deployment serves one engine (rank 0); deploy the WAR once per rank,"
                    + " with data-parallel-rank set, or run the launcher");
        }
        FakeMetrics fakeMetrics = operations.fakeMetrics();
        FakeGauges fake = fakeMetrics == null
                ? null
                : new FakeGauges(fakeMetrics, operations.fakeMetricsRefresh(), NanoClock.SYSTEM);
        // In fake mode the engine's events reach no metric: /metrics reports the fake object alone.
        // vLLM labels each data-parallel rank's series with its index; a deployment without ranks is engine 0.
        int engineIndex = Math.max(0, operations.dataParallelRank());
        FakeMetricsRecorder recorder =
                fake == null ? null : new FakeMetricsRecorder(metrics, config, engineIndex, fake);
        KvEventPublisher kvEvents = KvEventsWiring.open(
                options, context.getInitParameter(SimContextListener.LISTENING_PORT), environment.apply("POD_IP"));
        if (kvEvents != null) {
            KvEventsMetrics.register(registry, kvEvents);
        }
        List<EngineListener> listeners = new ArrayList<>();
        if (fake == null) {
            listeners.add(metrics.engine(config, engineIndex));
        }
        if (kvEvents != null) {
            // The events are the cache's, not a metric's: a faked /metrics leaves them as they are.
            listeners.add(kvEvents);
        }
        RecordedAnswers recorded = null;
        Simulator simulator;
        try {
            recorded = DatasetWiring.open(operations.dataset());
            simulator = new Simulator(config, NanoClock.SYSTEM, listeners, fake, recorded, TokenizerWiring.of(options));
        } catch (RuntimeException e) {
            // A dataset or a tokenizer that cannot be read stops the start: nothing opened may stay open.
            if (recorded != null) {
                recorded.close();
            }
            if (kvEvents != null) {
                kvEvents.close();
            }
            throw e;
        }
        LOG.info("Prompts are read by the " + simulator.tokenizationDescription());
        RuntimeConfig admin = new RuntimeConfig(sources, options, vllmApiKey, devMode, updated -> {
            simulator.reconfigure(updated.engine());
            FakeMetrics updatedFake = updated.operations().fakeMetrics();
            if (fake != null && recorder != null && updatedFake != null) {
                fake.update(updatedFake, updated.operations().fakeMetricsRefresh());
                recorder.apply();
            }
        });
        Deployment deployment = new Deployment(
                options, simulator, admin, kvEvents, recorded, StreamDelivery.of(context), warming, startNanos);
        ServerFilters.install(context, options.server(), options.api(), deployment.gate, environment);
        for (ServletProtocol protocol : ServiceLoader.load(ServletProtocol.class, Deployment.class.getClassLoader())) {
            protocol.install(context, deployment);
        }

        ServletRegistration.Dynamic jersey =
                context.addServlet("jersey", new DeploymentServlet(deployment.application(), deployment));
        jersey.setAsyncSupported(true);
        jersey.setLoadOnStartup(1);
        jersey.addMapping("/*");
        ServletRegistration.Dynamic scrape = context.addServlet(
                "metrics", new MetricsServlet(registry, recorder == null ? () -> {} : recorder::refresh));
        scrape.addMapping("/metrics");
        return deployment;
    }

    private SimApplication application() {
        return new SimApplication(
                simulator,
                workers,
                options.api(),
                clients,
                options.operations(),
                admin,
                HeapWatch.ofThisJvm(),
                pacer,
                !delivery.writeThrough());
    }

    /**
     * Waits for the warm-up begun by {@link #start} (unless {@code --warm-up false}), which runs the
     * request paths in memory against an engine of its own, so that the served one starts untouched;
     * then the deployment is ready. {@code served} is
     * the Jersey application that will serve the clients: it gets a few requests that touch no
     * engine, to set up what it sets up only on a first request.
     */
    void warmUp(ApplicationHandler served) {
        if (!phase.compareAndSet(Phase.STARTING, Phase.WARMING_UP)) {
            return;
        }
        if (warming != null) {
            try {
                LOG.info("Warm-up: " + warming.finish(served));
            } catch (RuntimeException e) {
                // A warm-up that fails leaves the first requests slower, not the deployment broken.
                LOG.log(Level.WARNING, "Warm-up failed; serving without it", e);
            }
        }
        if (phase.compareAndSet(Phase.WARMING_UP, Phase.READY)) {
            LOG.info("llm-d-inference-sim ready " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
                    + " ms after the deployment began");
        }
    }

    /** The settings the deployment was started with. */
    public SimOptions options() {
        return options;
    }

    /** What the deployment is doing now. */
    public Phase phase() {
        return phase.get();
    }

    /** The engine this deployment serves. */
    public Simulator simulator() {
        return simulator;
    }

    /**
     * Stops admitting (new requests get 503) and waits until no request is in flight or the
     * shutdown timeout passed. Idempotent: a later call waits as well, without a second log.
     *
     * @return whether every request finished in time
     */
    public boolean drain() {
        phase.getAndUpdate(now -> now.compareTo(Phase.DRAINING) < 0 ? Phase.DRAINING : now);
        return gate.drain();
    }

    /**
     * Ends the deployment: the pacer's threads end (the streams they still play are cancelled and
     * given back, so that an undeployed WAR leaves no thread behind), interrupting the request
     * threads cancels their runs (which frees their places), and the engine's resources are let go.
     * Call {@link #drain} first for a graceful stop.
     */
    void stop() {
        phase.set(Phase.STOPPED);
        if (warming != null) {
            // A deployment stopped before its servlet started still has its warm-up running.
            warming.cancel();
        }
        if (pacer != null) {
            pacer.close();
        }
        clients.close();
        if (kvEvents != null) {
            kvEvents.close();
        }
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                LOG.warning("Some requests did not end within " + STOP_WAIT_SECONDS + " s of shutdown");
            } else {
                LOG.info("llm-d-inference-sim stopped: every request thread has ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stopping the request threads failed", e);
        } finally {
            // Closed once the request threads are gone, which may read it until they end.
            if (recordedAnswers != null) {
                recordedAnswers.close();
            }
        }
    }
}
