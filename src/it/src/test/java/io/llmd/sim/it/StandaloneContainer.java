package io.llmd.sim.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A standalone servlet container (a distribution unpacked by the build) running as its own
 * process, with the built WAR deployed the container's usual way. Subclasses know how to lay out
 * the container's base directory, start it and undeploy the WAR.
 */
abstract class StandaloneContainer implements AutoCloseable {
    /** The context path the WAR is deployed under, named like the file, as users deploy it. */
    static final String CONTEXT = "llm-d-inference-sim";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    final Path home;
    final Path base;
    final int port = freePort();
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private Process process;

    StandaloneContainer(String homeProperty, Path base) {
        this.home = Path.of(System.getProperty(homeProperty, "missing: " + homeProperty));
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(
                    "the container is not unpacked (mvn pre-integration-test does it): " + home);
        }
        this.base = base;
    }

    /** Writes the base directory: the container's configuration, the WAR and its settings. */
    abstract void install(Map<String, String> settings) throws IOException;

    /** The command that runs the container in the foreground. */
    abstract List<String> command();

    /** Undeploys the WAR and returns once the container has stopped it. */
    abstract void undeploy() throws Exception;

    /** Starts the container with these extra environment variables and waits until the WAR answers. */
    void start(Map<String, String> environment) throws IOException {
        launch(environment);
        awaitHealthy();
    }

    /** Starts the container with these extra environment variables, and returns at once. */
    void launch(Map<String, String> environment) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command()).directory(base.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet()
                .removeIf(name -> name.startsWith("SIM_")
                        || name.startsWith("POD_")
                        || name.equals("JAVA_OPTS")
                        || name.equals("CATALINA_OPTS")
                        || name.equals("JETTY_BASE"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(environment);
        process = builder.start();
        Thread reader = new Thread(this::readOutput, getClass().getSimpleName() + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    private void awaitHealthy() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try (SimClient client = new SimClient(uri())) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the container exited with " + process.exitValue() + ":\n" + log());
                }
                try {
                    if (client.get("/health").status() == 200) {
                        return;
                    }
                } catch (UncheckedIOException e) {
                    // Not listening yet.
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the WAR did not answer within " + START_TIMEOUT + ":\n" + log());
                }
                sleep(250);
            }
        }
    }

    /** The deployed WAR's root. */
    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/" + CONTEXT + "/");
    }

    long pid() {
        return process.pid();
    }

    /** Everything the container printed so far. */
    String log() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    /** Waits until the container printed a line matching {@code line}. */
    void awaitLog(Predicate<String> line, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (output) {
                if (output.stream().anyMatch(line)) {
                    return;
                }
            }
            sleep(100);
        }
        throw new AssertionError("the container did not log " + what + " within " + timeout + ":\n" + log());
    }

    /** Stops the container as a service manager does (SIGTERM) and returns its exit status. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the container did not stop within " + timeout + ":\n" + log());
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                // The test is being stopped; the process was killed all the same.
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The built WAR, unchanged. */
    static Path war() {
        Path war = Path.of(System.getProperty("sim.war", "../../webapp/target/llm-d-inference-sim.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("the WAR is not built: " + war.toAbsolutePath());
        }
        return war;
    }

    /** Runs a JDK tool (jcmd, ...) of the JDK running the tests, and returns its output. */
    static String jdkTool(String tool, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", tool).toString());
        command.addAll(List.of(args));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + text);
        }
        return text;
    }

    static String xml(String text) {
        return text.replace("&", "&amp;")
                .replace("\"", "&quot;")
                .replace("<", "&lt;")
                .replace(">", "&gt;");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            // The process ended.
        }
    }
}
