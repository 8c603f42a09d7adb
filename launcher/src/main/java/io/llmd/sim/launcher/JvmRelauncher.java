package io.llmd.sim.launcher;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Picks the JVM's collector and heap for {@code java -jar}, which cannot name them itself: when
 * the user chose no collector, the launcher starts itself again in a child JVM with ZGC and a set
 * heap. On one CPU the JVM would otherwise fall back to the Serial collector, whose pauses of tens
 * to hundreds of milliseconds ruin token timing. Options given to {@code java} are kept, and a
 * user who names a collector (or sets {@code SIM_NO_RELAUNCH}) runs in the first JVM.
 */
final class JvmRelauncher {
    static final String CHILD_PROPERTY = "llmd.sim.parent-pid";
    /** Set, the relaunched JVM is a training run that writes the AOT cache beside the jar when it stops. */
    static final String AOT_TRAIN = "SIM_AOT_TRAIN";
    /** Time for the child to stop its server once its drain is over. */
    private static final long STOP_SLACK_MS = 15_000;

    /** The options the launcher runs with unless the user chose a collector (the image's too: {@link JvmOptions}). */
    static List<String> defaultOptions() {
        return JvmOptions.forJava(Runtime.version().feature());
    }

    boolean shouldRelaunch(Map<String, String> environment) {
        if (System.getProperty(CHILD_PROPERTY) != null || environment.containsKey("SIM_NO_RELAUNCH")) {
            return false;
        }
        List<String> jvmArgs = ManagementFactory.getRuntimeMXBean().getInputArguments();
        boolean collectorChosen = jvmArgs.stream().anyMatch(arg -> arg.matches("-XX:\\+Use\\w*GC"));
        return !collectorChosen && ownJar().isPresent();
    }

    /**
     * Runs the launcher in a child JVM and returns its exit status; the child ends with this JVM.
     * SIGTERM or SIGINT here is passed on to the child as SIGTERM, which it answers with a graceful
     * stop of at most {@code shutdownTimeout}; its exit status (0) becomes this JVM's.
     */
    int relaunch(String[] args, Duration shutdownTimeout, Map<String, String> environment) {
        Path jar = ownJar().orElseThrow();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        command.addAll(given);
        command.addAll(defaultOptions());
        command.addAll(aotOptions(jar, given, environment, Runtime.version().feature()));
        command.add("-D" + CHILD_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(jar.toString());
        command.add(Launcher.class.getName());
        command.addAll(List.of(args));
        try {
            Process child = new ProcessBuilder(command).inheritIO().start();
            Signals.onTermination(child::destroy);
            Thread stopChild = new Thread(() -> stop(child, shutdownTimeout), "sim-stop-child");
            Runtime.getRuntime().addShutdownHook(stopChild);
            int status = child.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException e) {
                // This JVM is already shutting down; the hook finds the child ended.
            }
            return status;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the simulator JVM: " + e.getMessage(), e);
        }
    }

    /**
     * JDK 25's AOT cache (JEP 483, 514, 515) for the child: loaded and linked classes and the
     * method profiles of a training run, so that start-up and the warm-up cost a fraction of their
     * time. The cache is the file beside the jar with {@code .aot} for {@code .jar}; with
     * {@code SIM_AOT_TRAIN} set, this run is the training run and writes it when it stops;
     * otherwise an existing one is used. Nothing on a Java before 25, or when the user gave an
     * AOT option of their own.
     */
    static List<String> aotOptions(Path jar, List<String> given, Map<String, String> environment, int feature) {
        if (feature < 25 || given.stream().anyMatch(option -> option.startsWith("-XX:AOT"))) {
            return List.of();
        }
        String name = jar.getFileName().toString();
        Path cache = jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + ".aot");
        if (environment.containsKey(AOT_TRAIN)) {
            return List.of("-XX:AOTCacheOutput=" + cache);
        }
        return Files.isRegularFile(cache) ? List.of("-XX:AOTCache=" + cache) : List.of();
    }

    /** Asks the child to stop (SIGTERM), and kills it if it is not gone well after its drain. */
    private static void stop(Process child, Duration shutdownTimeout) {
        child.destroy();
        try {
            if (!child.waitFor(shutdownTimeout.toMillis() + STOP_SLACK_MS, TimeUnit.MILLISECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            child.destroyForcibly();
        }
    }

    /** In a child JVM: exit when the parent goes, even if it was killed without a chance to stop us. */
    @SuppressWarnings("FutureReturnValueIgnored") // the action exits the JVM; nothing waits for it
    static void exitWithParent() {
        String parent = System.getProperty(CHILD_PROPERTY);
        if (parent == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(parent))
                .ifPresentOrElse(handle -> handle.onExit().thenRun(() -> System.exit(0)), () -> System.exit(0));
    }

    private static Optional<Path> ownJar() {
        try {
            File location = new File(JvmRelauncher.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return location.isFile() && location.getName().endsWith(".jar")
                    ? Optional.of(location.toPath())
                    : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
