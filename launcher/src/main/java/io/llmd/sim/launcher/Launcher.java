package io.llmd.sim.launcher;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigException;
import io.llmd.sim.core.ConfigSources;
import io.llmd.sim.core.DatasetOptions;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.ServerOptions;
import io.llmd.sim.core.SimOptions;
import io.llmd.sim.core.Version;
import io.llmd.sim.server.SimServer;
import io.llmd.sim.web.DeploymentConfig;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The command-line form: reads and checks the flags before anything listens, then serves the
 * simulator on an embedded Jetty ({@link SimServer}) until stopped. SIGTERM or SIGINT stops it gracefully (see
 * {@link SimServer#stop()}) with exit status 0. Only {@link #main} exits the JVM.
 */
public final class Launcher {
    /** Exit status for a command line the launcher refuses. */
    public static final int USAGE_ERROR = 2;

    static {
        // One line per log record, unless the user configured logging.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        }
    }

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;
    private volatile @Nullable SimServer server;
    private volatile @Nullable DataParallelRanks otherRanks;

    public Launcher(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(new Launcher(System.out, System.err, System.getenv()).run(args));
    }

    /** Runs the simulator until it is stopped; returns the exit status. */
    public int run(String... args) {
        CommandLine commandLine;
        DeploymentConfig config;
        // Once read, what blames a value refused later (a key file, a dataset file) on where it came from.
        @Nullable ConfigSources read = null;
        SimOptions options;
        KeyStore keyStore;
        ListenAddress address;
        JvmRelauncher relauncher = new JvmRelauncher();
        if (relauncher.shouldRelaunch(environment)) {
            // The child reads and checks the command line and the configuration (with the same output and exit
            // status, --help and --version included): here their classes would cost this JVM 0.3-1.2 s before
            // the child even starts.
            return relauncher.relaunch(args, environment);
        }
        try {
            commandLine = CommandLine.parse(args);
            if (commandLine.action() != CommandLine.Action.RUN) {
                out.print(
                        commandLine.action() == CommandLine.Action.HELP
                                ? Usage.text()
                                : "llm-d-inference-sim " + Version.get() + System.lineSeparator());
                return 0;
            }
            // Every section, read once: a value refused is a usage error here, and the server is given them as they
            // are.
            config = DeploymentConfig.read(commandLine.values(), environment);
            read = config.sources();
            options = config.options();
            keyStore = keyStore(options.server());
            checkDatasetFile(options.operations().dataset());
            address = ListenAddress.of(options.server().host());
        } catch (ConfigException e) {
            // Each bad value names where it came from: the flag, the SIM_* variable or the file.
            ConfigException refused = read == null ? e : read.blame(e);
            for (ConfigException refusal : refused.refusals()) {
                err.println("llm-d-inference-sim: " + refusal.getMessage() + " (see --help)");
            }
            return USAGE_ERROR;
        }
        JvmRelauncher.exitWithParent();
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        JvmRelauncher.reportAotCache(jvmArgs, System.getProperty("java.vm.info"), err);
        if (options.server().selfSignedCerts()) {
            // Made in the JVM that serves, not in a parent that only relaunches.
            try {
                keyStore = SelfSignedCertificate.keyStore();
            } catch (IllegalStateException e) {
                err.println("llm-d-inference-sim: could not start: " + e.getMessage());
                return 1;
            }
        }
        return serve(config, address, keyStore);
    }

    /** The key store of the PEM files, read now so that a bad file is a usage error; null without them. */
    private static @Nullable KeyStore keyStore(ServerOptions server) {
        String cert = server.sslCertFile();
        String key = server.sslKeyFile();
        return cert != null && key != null ? PemKeyStore.load(Path.of(cert), Path.of(key)) : null;
    }

    /**
     * A dataset file that is not there, with no {@code --dataset-url} to download it from, is a bad
     * flag value like any other: a usage error now, not a failed start once the engine is built.
     */
    private static void checkDatasetFile(DatasetOptions dataset) {
        String path = dataset.path();
        if (path == null || dataset.url() != null) {
            return;
        }
        boolean there;
        try {
            there = Files.isRegularFile(Path.of(path));
        } catch (InvalidPathException e) {
            there = false;
        }
        if (!there) {
            throw new ConfigException(
                    Flag.DATASET_PATH.flagName(), "no file at " + path + " (give --dataset-url to download it there)");
        }
    }

    private int serve(DeploymentConfig given, ListenAddress address, @Nullable KeyStore keyStore) {
        SimOptions options = given.options();
        // Without a rank of its own, --data-parallel-size N serves N ranks from --port on.
        int ranks = options.operations().dataParallelRank() < 0
                ? options.operations().dataParallelSize()
                : 1;
        DeploymentConfig config = ranks > 1 ? DataParallelRanks.config(given, 0) : given;
        try {
            server = SimServer.start(address.host(), options.server().port(), config, keyStore, PemKeyStore.PASSWORD);
            if (ranks > 1) {
                otherRanks = DataParallelRanks.startOthers(
                        address.host(), options.server().port(), ranks, given, keyStore, PemKeyStore.PASSWORD);
            }
        } catch (Exception e) {
            stop();
            err.println("llm-d-inference-sim: could not start: " + e.getMessage());
            return 1;
        }
        Signals.onTermination(this::stop);
        // Any other way the JVM ends (SIGHUP, System.exit) still drains first.
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "sim-shutdown"));
        String scheme = keyStore == null ? "http" : "https";
        PortFile.write(environment, server.port(), scheme, address.forLocalClient(), err);
        out.println("llm-d-inference-sim " + Version.get() + " listening on " + scheme + "://" + address.forUrl() + ":"
                + server.port() + " (model " + options.engine().model() + ")");
        DataParallelRanks others = otherRanks;
        if (others != null) {
            List<Integer> ports = others.ports();
            for (int rank = 1; rank <= ports.size(); rank++) {
                out.println("llm-d-inference-sim data-parallel rank " + rank + " listening on " + scheme + "://"
                        + address.forUrl() + ":" + ports.get(rank - 1));
            }
        }
        out.flush();
        server.join();
        return 0;
    }

    /** The port the running server listens on, or -1 before it listens. */
    public int port() {
        SimServer running = server;
        return running == null ? -1 : running.port();
    }

    /** Stops a running server; {@link #run} then returns. */
    public void stop() {
        DataParallelRanks others = otherRanks;
        if (others != null) {
            others.close();
        }
        SimServer running = server;
        if (running != null) {
            running.stop();
        }
    }
}
