package io.llmd.sim.web;

import io.llmd.sim.config.ConfigFile;
import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.KvEventPublisher;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Simulator;
import io.llmd.sim.core.Version;
import io.llmd.sim.metrics.KvEventsMetrics;
import io.llmd.sim.metrics.VllmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
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
        try {
            sources = ConfigFile.sources(ConfigParser.fromLookup(context::getInitParameter, false), System.getenv());
        } catch (ConfigException e) {
            throw cannotStart(e);
        }
        sources.warnings().forEach(LOG::warning);
        try {
            options = SimOptions.builder()
                    .set(sources.values())
                    .vllmApiKey(System.getenv("VLLM_API_KEY"))
                    .build();
        } catch (ConfigException e) {
            throw cannotStart(sources.blame(e));
        }
        SimConfig config = options.engine();
        logConfiguration(context, sources, options);
        LOG.info(config.kvCacheCapacity());

        PrometheusRegistry registry = new PrometheusRegistry();
        VllmMetrics metrics = new VllmMetrics(registry, config.maxModelLen());
        kvEvents = KvEventsWiring.open(options, context.getInitParameter(LISTENING_PORT), System.getenv("POD_IP"));
        if (kvEvents != null) {
            KvEventsMetrics.register(registry, kvEvents);
        }
        Simulator simulator = new Simulator(
                config,
                NanoClock.SYSTEM,
                kvEvents == null ? List.of(metrics.engine(config)) : List.of(metrics.engine(config), kvEvents));
        workers = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("sim-request-", 0).factory());
        clients = new ClientWatch(new TcpTable(TcpTable.LINUX));
        context.setAttribute(SIMULATOR, simulator);
        AdmissionGate gate = new AdmissionGate(options.server().shutdownTimeout());
        ServerFilters.install(context, options.server(), options.api(), gate, System::getenv);

        ServletRegistration.Dynamic jersey = context.addServlet(
                "jersey",
                new DrainingServletContainer(new SimApplication(simulator, workers, options.api(), clients), gate));
        jersey.setAsyncSupported(true);
        jersey.setLoadOnStartup(1);
        jersey.addMapping("/*");
        ServletRegistration.Dynamic scrape = context.addServlet("metrics", new MetricsServlet(registry));
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
