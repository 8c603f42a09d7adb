package io.llmd.sim.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built launcher jar, run as a user runs it: {@code java -jar llm-d-inference-sim.jar ...}. */
final class LauncherProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^:]+:(\\d+)");
    private final Process process;
    private final List<String> output = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Integer> port = new CompletableFuture<>();

    private LauncherProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "launcher-output");
        reader.setDaemon(true);
        reader.start();
    }

    static Path jar() {
        Path jar = Path.of(System.getProperty("sim.launcher.jar", "../../launcher/target/llm-d-inference-sim.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the launcher jar is not built: " + jar.toAbsolutePath());
        }
        return jar;
    }

    static Process exec(Map<String, String> environment, String... args) throws IOException {
        return exec(jar(), environment, args);
    }

    static Process exec(Path jar, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SIM_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    /** Starts the launcher on a free port and waits until it listens. */
    static LauncherProcess start(String... args) {
        return start(Map.of(), args);
    }

    static LauncherProcess start(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        if (!List.of(args).contains("--warm-up")) {
            // The warm-up costs seconds per start, and most tests check behaviour, not timing:
            // those that assert timing ask for it (and FirstRequestScenarios checks it).
            all.addAll(List.of("--warm-up", "false"));
        }
        all.addAll(List.of(args));
        return startAsGiven(environment, all.toArray(String[]::new));
    }

    /** Starts the launcher with exactly these arguments (the port is up to them) and waits until it listens. */
    static LauncherProcess startAsGiven(Map<String, String> environment, String... args) {
        return startJar(jar(), environment, args);
    }

    /** Starts {@code jar} (a copy of the launcher jar, say) with exactly these arguments and waits until it listens. */
    static LauncherProcess startJar(Path jar, Map<String, String> environment, String... args) {
        try {
            LauncherProcess launcher = new LauncherProcess(exec(jar, environment, args));
            try {
                launcher.port.get(60, TimeUnit.SECONDS);
            } catch (Exception e) {
                launcher.close();
                throw new IllegalStateException("the launcher did not start:\n" + launcher.output(), e);
            }
            return launcher;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Settings as command-line flags: {@code --name value} each. An upper-case name is vLLM's
     * environment variable ({@code VLLM_SERVER_DEV_MODE}), which a WAR takes as a context init-param
     * of that name: it goes to {@link #environment}, not here.
     */
    static String[] flags(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((flag, value) -> {
            if (!isEnvironmentVariable(flag)) {
                args.add("--" + flag);
                args.add(value);
            }
        });
        return args.toArray(String[]::new);
    }

    /** The settings named as environment variables (upper case), which the launcher reads from its environment. */
    static Map<String, String> environment(Map<String, String> settings) {
        Map<String, String> environment = new java.util.HashMap<>();
        settings.forEach((name, value) -> {
            if (isEnvironmentVariable(name)) {
                environment.put(name, value);
            }
        });
        return environment;
    }

    private static boolean isEnvironmentVariable(String name) {
        return name.equals(name.toUpperCase(java.util.Locale.ROOT));
    }

    /** The launcher's process (the parent JVM, when the launcher starts its simulator in a child JVM). */
    Process process() {
        return process;
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port.join() + "/");
    }

    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private void readOutput() {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            // The process ended.
        } finally {
            port.completeExceptionally(new IllegalStateException("the launcher exited"));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
