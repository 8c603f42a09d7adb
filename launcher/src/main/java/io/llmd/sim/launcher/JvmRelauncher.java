package io.llmd.sim.launcher;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
    /** Off: the JVM's warnings and errors about an AOT cache it cannot use or store in full. */
    static final String QUIET_AOT_LOG = "-Xlog:aot=off";

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
     * stop bounded by its {@code --shutdown-timeout}; its exit status (0) becomes this JVM's. The
     * child reads the command line and the configuration, so this JVM does not: a usage error, the
     * help and the version are the child's output, with its exit status.
     */
    int relaunch(String[] args, Map<String, String> environment) {
        Path jar = ownJar().orElseThrow();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> given = ManagementFactory.getRuntimeMXBean().getInputArguments();
        command.addAll(childOptions(defaultOptions(), given));
        command.addAll(aotOptions(jar, given, environment, Runtime.version().feature()));
        command.add("-D" + CHILD_PROPERTY + "=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(jar.toString());
        command.add(Launcher.class.getName());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
            // Its work is done by the option above; the child's configuration would warn of an unknown SIM_ variable.
            builder.environment().remove(AOT_TRAIN);
            Process child = builder.start();
            Signals.onTermination(child::destroy);
            Thread stopChild = new Thread(() -> stop(child), "sim-stop-child");
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
     * The child's JVM options: the defaults, then the user's, because the JVM takes the last of an
     * option given twice; so a user's {@code -Xmx} or {@code -XX:SoftMaxHeapSize} wins.
     */
    static List<String> childOptions(List<String> defaults, List<String> given) {
        List<String> options = new ArrayList<>(defaults);
        options.addAll(given);
        return options;
    }

    /**
     * JDK 25's AOT cache (JEP 483, 514, 515) for the child: loaded and linked classes and the
     * method profiles of a training run, so that start-up and the warm-up cost a fraction of their
     * time. The cache is the file beside the jar with {@code .aot} for {@code .jar} (the build and
     * the container image make it: {@link AotTraining}); with {@code SIM_AOT_TRAIN} set, this run
     * is the training run and writes it when it stops. Otherwise a cache is used only if it is not
     * older than the jar: JDK 25 does not look at the jar's modification time (a touched jar still
     * got its classes from the cache), so a cache left beside a rebuilt jar could hand out the old
     * classes. A cache the JVM refuses (another JDK build, other
     * options) costs nothing but its use: the JVM's warnings about it are turned off and the child
     * says so in one line ({@link #reportAotCache}). Nothing on a Java before 25, or when the user
     * gave an AOT option of their own.
     */
    static List<String> aotOptions(Path jar, List<String> given, Map<String, String> environment, int feature) {
        if (feature < 25 || given.stream().anyMatch(option -> option.startsWith("-XX:AOT"))) {
            return List.of();
        }
        Path cache = cacheBeside(jar);
        if (environment.containsKey(AOT_TRAIN)) {
            // The JVM's list of the classes it cannot store (proxies, JFR events) is no news to a user.
            return List.of("-XX:AOTCacheOutput=" + cache, QUIET_AOT_LOG);
        }
        return isFresh(cache, jar) ? List.of("-XX:AOTCache=" + cache, QUIET_AOT_LOG) : List.of();
    }

    /** The AOT cache that belongs to {@code jar}: beside it, {@code .aot} for {@code .jar}. */
    static Path cacheBeside(Path jar) {
        String name = jar.getFileName().toString();
        String base = name.endsWith(".jar") ? name.substring(0, name.length() - ".jar".length()) : name;
        return jar.resolveSibling(base + ".aot");
    }

    /** A cache that exists and was written after the jar (a training run of that jar writes it). */
    static boolean isFresh(Path cache, Path jar) {
        try {
            return Files.isRegularFile(cache)
                    && Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * In the child: one line on {@code err} when the JVM was given an AOT cache and did not use it
     * (the JVM's own report of why is turned off); nothing when it did, or was given none. The JVM
     * says "sharing" in {@code java.vm.info} when it runs from a class-data archive.
     */
    static void reportAotCache(List<String> jvmArgs, @Nullable String vmInfo, PrintStream err) {
        jvmArgs.stream()
                .filter(arg -> arg.startsWith("-XX:AOTCache="))
                .reduce((first, last) -> last)
                .filter(arg -> vmInfo == null || !vmInfo.contains("sharing"))
                .ifPresent(arg -> err.println("llm-d-inference-sim: the AOT cache "
                        + arg.substring("-XX:AOTCache=".length())
                        + " does not fit this JVM (another JDK build or other JVM options); starting without"
                        + " it, which only makes the start slower"));
    }

    /**
     * Asks the child to stop (SIGTERM) and waits until it has: its drain is bounded by its own
     * {@code --shutdown-timeout}, which only the child has read.
     */
    private static void stop(Process child) {
        child.destroy();
        try {
            child.waitFor();
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
