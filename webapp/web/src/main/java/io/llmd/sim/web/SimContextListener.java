package io.llmd.sim.web;

import io.llmd.sim.config.ConfigFile;
import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Version;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The one wiring point: reads the settings (context init-params over {@code SIM_*} environment
 * variables over the YAML file either names as {@code config}), or takes those the embedding
 * server read already, logs them, and starts a {@link Deployment} of them, which builds the
 * simulator and registers the servlets around it and owns its lifecycle; when the context is
 * destroyed it stops the deployment.
 * A deployment without a valid configuration fails, with one log line for each value refused.
 */
public final class SimContextListener implements ServletContextListener {
    /**
     * The init-param by which the launcher tells the WAR the port it listens on, which a
     * {@code --port 0} does not say; a servlet container sets none.
     */
    public static final String LISTENING_PORT = "io.llmd.sim.listening-port";

    /**
     * Init parameter: "true" has streamed answers written by the pacer's few threads. The launcher's
     * embedded Jetty sets it, where the guard against a client that stops reading is verified; in
     * other containers each stream is written by its own request thread, as before the pacer.
     */
    public static final String PACED_STREAMS = "io.llmd.sim.paced-streams";

    /**
     * Init parameter: "true" says the container sends each write to the connection at once (it
     * aggregates no output), so that a flush after a write has nothing to send. The launcher's
     * embedded Jetty sets it; other containers buffer, and their streams flush every event.
     */
    public static final String WRITE_THROUGH = "io.llmd.sim.write-through";

    /**
     * vLLM's switch for its development endpoints (the sleep endpoints, and here {@code /admin/config}
     * too): "1" turns them on. Read from the process environment, as vLLM reads it, or from a context
     * init-param of the same name, which wins: a servlet container has one environment for all its
     * web applications, and sets init-params for each.
     */
    public static final String DEV_MODE = "VLLM_SERVER_DEV_MODE";

    private static final Logger LOG = Logger.getLogger(SimContextListener.class.getName());

    /** Settings of the launcher's own listener: in a servlet container, the container's connector decides them. */
    private static final List<Flag> LAUNCHER_ONLY =
            List.of(Flag.PORT, Flag.HOST, Flag.SSL_CERTFILE, Flag.SSL_KEYFILE, Flag.SELF_SIGNED_CERTS);

    /** The settings read already, or null to read them from the context's init-params. */
    private final @Nullable DeploymentConfig given;

    /** The engine this listener deployed, or null before, if its configuration was refused, and once stopped. */
    private volatile @Nullable Deployment deployment;

    /** The WAR's: the settings are the context's init-params (over the environment and the YAML file). */
    public SimContextListener() {
        this(null);
    }

    /**
     * An embedding server's, with the settings it read (a launcher's command line): the context's
     * init-params are not read for them.
     */
    public SimContextListener(@Nullable DeploymentConfig config) {
        this.given = config;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        DeploymentConfig config = given;
        if (config == null) {
            ConfigSources sources;
            try {
                sources =
                        ConfigFile.sources(ConfigParser.fromLookup(context::getInitParameter, false), System.getenv());
            } catch (ConfigException e) {
                throw cannotStart(e);
            }
            sources.warnings().forEach(LOG::warning);
            if (context.getInitParameter(LISTENING_PORT) == null) {
                String launcherOnly = launcherOnlyWarning(sources.values());
                if (launcherOnly != null) {
                    LOG.warning(launcherOnly);
                }
            }
            try {
                config = DeploymentConfig.of(sources, environment(context));
            } catch (ConfigException e) {
                throw cannotStart(e);
            }
        } else {
            config.sources().warnings().forEach(LOG::warning);
        }
        SimOptions options = config.options();
        logConfiguration(context, config.sources(), options);
        if (options.operations().sleepMode() && !config.devMode()) {
            LOG.warning("--enable-sleep-mode: vLLM's /sleep, /wake_up and /is_sleeping are served with " + DEV_MODE
                    + "=1 (an environment variable, or a context init-param of the WAR), which is not set");
        }
        LOG.info(options.engine().kvCacheCapacity());
        deployment = Deployment.start(
                context, options, config.sources(), config.vllmApiKey(), config.devMode(), System::getenv);
    }

    /** The process environment, with the context's {@link #DEV_MODE} init-param over the variable of that name. */
    private static Map<String, String> environment(ServletContext context) {
        String devMode = context.getInitParameter(DEV_MODE);
        if (devMode == null) {
            return System.getenv();
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put(DEV_MODE, devMode);
        return environment;
    }

    /** The deployment this listener started, or null before it started, if it could not, and once it has stopped. */
    public @Nullable Deployment deployment() {
        return deployment;
    }

    /**
     * The one line naming the launcher's listener settings given to a WAR in a servlet container,
     * which has no effect there; null when none is given.
     */
    static @Nullable String launcherOnlyWarning(Map<Flag, String> given) {
        StringBuilder named = new StringBuilder();
        for (Flag flag : LAUNCHER_ONLY) {
            if (given.containsKey(flag)) {
                named.append(named.isEmpty() ? "" : ", ").append(flag.flagName());
            }
        }
        return named.isEmpty()
                ? null
                : "Ignored in a servlet container, whose own connector decides where and how it listens: " + named;
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
        Deployment stopping = deployment;
        if (stopping != null) {
            stopping.stop();
            deployment = null;
        }
    }
}
