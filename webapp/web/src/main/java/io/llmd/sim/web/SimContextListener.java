package io.llmd.sim.web;

import io.llmd.sim.config.ConfigFile;
import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.EngineListener;
import io.llmd.sim.core.FakeGauges;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.KvEventPublisher;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.OperationsOptions;
import io.llmd.sim.core.RuntimeConfig;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.core.Version;
import io.llmd.sim.metrics.FakeMetricsRecorder;
import io.llmd.sim.metrics.KvEventsMetrics;
import io.llmd.sim.metrics.VllmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one wiring point: reads the settings (context init-params over {@code SIM_*} environment
 * variables over the YAML file either names as {@code config}), builds the simulator, and registers the Jersey and metrics servlets around it.
 * A deployment without a valid configuration fails, with one log line for each value refused.
 */
public final class SimContextListener implements ServletContextListener {
    /** The context attribute holding the {@link Simulator}. */
    public static final String SIMULATOR = Simulator.class.getName();
    /**
     * The init-param by which the launcher tells the WAR the port it listens on, which a
     * {@code --port 0} does not say; a servlet container sets none.
     */
    public static final String LISTENING_PORT = "io.llmd.sim.listening-port";

    private static final Logger LOG = Logger.getLogger(SimContextListener.class.getName());

    private ExecutorService workers;
    private ClientWatch clients;
    private KvEventPublisher kvEvents;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ConfigSources sources;
        SimOptions options;
        boolean devMode = OperationsOptions.devMode(System.getenv("VLLM_SERVER_DEV_MODE"));
        String vllmApiKey = System.getenv("VLLM_API_KEY");
        try {
            sources = ConfigFile.sources(ConfigParser.fromLookup(context::getInitParameter, false), System.getenv());
        } catch (ConfigException e) {
            throw cannotStart(e);
        }
        sources.warnings().forEach(LOG::warning);
        try {
            options = SimOptions.builder()
                    .set(sources.values())
                    .vllmApiKey(vllmApiKey)
                    .devMode(devMode)
                    .build();
        } catch (ConfigException e) {
            throw cannotStart(sources.blame(e));
        }
        SimConfig config = options.engine();
        logConfiguration(context, sources, options);
        LOG.info(config.kvCacheCapacity());

        PrometheusRegistry registry = new PrometheusRegistry();
        VllmMetrics metrics = new VllmMetrics(registry, config.maxModelLen());
        OperationsOptions operations = options.operations();
        if (operations.dataParallelSize() > 1 && operations.dataParallelRank() < 0) {
            // Only the launcher serves ranks on ports of their own; a container's port is its own.
            LOG.warning("--data-parallel-size " + operations.dataParallelSize()
                    + ": a servlet container deployment serves one engine (rank 0); deploy the WAR once per rank,"
                    + " with data-parallel-rank set, or run the launcher");
        }
        FakeGauges fake = operations.fakeMetrics() == null
                ? null
                : new FakeGauges(operations.fakeMetrics(), operations.fakeMetricsRefresh(), NanoClock.SYSTEM);
        // In fake mode the engine's events reach no metric: /metrics reports the fake object alone.
        FakeMetricsRecorder recorder = fake == null ? null : new FakeMetricsRecorder(metrics, config, fake);
        kvEvents = KvEventsWiring.open(options, context.getInitParameter(LISTENING_PORT), System.getenv("POD_IP"));
        if (kvEvents != null) {
            KvEventsMetrics.register(registry, kvEvents);
        }
        List<EngineListener> listeners = new ArrayList<>();
        if (fake == null) {
            listeners.add(metrics.engine(config));
        }
        if (kvEvents != null) {
            // The events are the cache's, not a metric's: a faked /metrics leaves them as they are.
            listeners.add(kvEvents);
        }
        Simulator simulator = new Simulator(config, NanoClock.SYSTEM, listeners, fake);
        workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("sim-request-", 0).factory());
        clients = new ClientWatch(new TcpTable(TcpTable.LINUX));
        context.setAttribute(SIMULATOR, simulator);
        AdmissionGate gate = new AdmissionGate(options.server().shutdownTimeout());
        ServerFilters.install(context, options.server(), options.api(), gate, System::getenv);

        RuntimeConfig admin = new RuntimeConfig(sources, options, vllmApiKey, devMode, updated -> {
            simulator.reconfigure(updated.engine());
            if (fake != null) {
                fake.update(
                        updated.operations().fakeMetrics(), updated.operations().fakeMetricsRefresh());
                recorder.apply();
            }
        });
        ServletRegistration.Dynamic jersey = context.addServlet(
                "jersey",
                new DrainingServletContainer(
                        new SimApplication(simulator, workers, options.api(), clients, options.operations(), admin),
                        gate));
        jersey.setAsyncSupported(true);
        jersey.setLoadOnStartup(1);
        jersey.addMapping("/*");
        ServletRegistration.Dynamic scrape = context.addServlet(
                "metrics", new MetricsServlet(registry, recorder == null ? () -> {} : recorder::refresh));
        scrape.addMapping("/metrics");
    }

    /** Logs every refusal on its own line, and fails the deployment with them all. */
    private static IllegalStateException cannotStart(ConfigException e) {
        for (ConfigException refusal : e.refusals()) {
            LOG.severe("llm-d-inference-sim cannot start: " + refusal.getMessage());
        }
        return new IllegalStateException("llm-d-inference-sim cannot start: " + e.getMessage(), e);
    }

    /**
     * The effective configuration, one line per group of flags with each setting's origin. The
     * port is the one the launcher listens on (even for {@code --port 0}); a servlet container's
     * own address and port are none of the WAR's settings, so there they are left out.
     */
    private static void logConfiguration(ServletContext context, ConfigSources sources, SimOptions options) {
        Map<String, String> settings = options.describe();
        String listening = context.getInitParameter(LISTENING_PORT);
        if (listening == null) {
            settings.remove(Flag.PORT.flagName());
            settings.remove(Flag.HOST.flagName());
        } else {
            settings.put(Flag.PORT.flagName(), listening);
        }
        LOG.info("llm-d-inference-sim " + Version.get() + " simulating "
                + options.engine().model() + "; each setting with where it came from (flag, env, yaml or default):");
        for (String line : sources.describe(settings)) {
            LOG.info("  " + line);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        event.getServletContext().removeAttribute(SIMULATOR);
        event.getServletContext().removeAttribute(AdmissionGate.DRAIN_ATTRIBUTE);
        if (clients != null) {
            clients.close();
        }
        if (kvEvents != null) {
            kvEvents.close();
        }
        if (workers == null) {
            return;
        }
        // Interrupting the request threads cancels their runs, which frees their places.
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warning("Some requests did not end within 5 s of shutdown");
            } else {
                LOG.info("llm-d-inference-sim stopped: every request thread has ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Stopping the request threads failed", e);
        }
    }
}
