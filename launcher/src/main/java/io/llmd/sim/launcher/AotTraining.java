package io.llmd.sim.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the AOT cache beside a launcher jar by a training run of that jar, as a user runs it
 * ({@code java -jar}, so the JVM options are the relaunch's, the ones the cache must match): it
 * starts the launcher with {@code SIM_AOT_TRAIN} set, waits until it listens (its warm-up has then
 * run the request paths in memory), sends a few requests of each kind over loopback, so that the
 * HTTP connector's code is in the profiles too, and stops it gracefully; the JVM writes the cache
 * as it exits. The build runs it at {@code package} and the container image when it is built, each
 * with its own JDK. A JDK before 25 makes no cache, and a training that fails leaves none: the
 * launcher then starts without one. Usage: {@code java -cp JAR io.llmd.sim.launcher.AotTraining JAR}.
 */
public final class AotTraining {
    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^:]+:(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(3);
    private static final int ROUNDS = 5;
    private static final int OUTPUT_KEPT = 40;

    private final Path jar;
    private final PrintStream out;
    private final Deque<String> output = new ArrayDeque<>();

    AotTraining(Path jar, PrintStream out) {
        this.jar = jar;
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java -cp JAR " + AotTraining.class.getName() + " JAR");
            System.exit(Launcher.USAGE_ERROR);
        }
        new AotTraining(Path.of(args[0]).toAbsolutePath(), System.out)
                .run(Runtime.version().feature());
    }

    /** Trains and reports in a line or two; whatever happens, no cache older than the jar is left. */
    void run(int feature) {
        Path cache = JvmRelauncher.cacheBeside(jar);
        try {
            Files.deleteIfExists(cache);
        } catch (IOException e) {
            out.println("AOT cache: could not remove the old " + cache + ": " + e.getMessage());
            return;
        }
        if (feature < 25) {
            out.println("AOT cache: skipped, Java " + feature + " makes none (Java 25 or later does)");
            return;
        }
        long start = System.nanoTime();
        try {
            train();
        } catch (IOException | RuntimeException e) {
            failed(cache, e.toString());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(cache, "interrupted");
            return;
        }
        if (!JvmRelauncher.isFresh(cache, jar)) {
            failed(cache, "the training run wrote no cache");
            return;
        }
        try {
            out.println("AOT cache: " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MiB) written in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms by a training run of "
                    + jar.getFileName());
        } catch (IOException e) {
            failed(cache, e.toString());
        }
    }

    private void train() throws IOException, InterruptedException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--model",
                "aot-training",
                "--host",
                "127.0.0.1",
                "--port",
                "0");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // A training of the defaults, whatever the environment configures.
        builder.environment().keySet().removeIf(name -> name.startsWith("SIM_"));
        builder.environment().put(JvmRelauncher.AOT_TRAIN, "1");
        Process launcher = builder.start();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> read(launcher, port), "aot-training-output");
            reader.setDaemon(true);
            reader.start();
            int listening;
            try {
                listening = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the launcher did not start", e);
            }
            drive(listening);
            // SIGTERM: the launcher drains and exits, and its JVM writes the cache as it does, in a
            // JVM of its own that shares the output: its end is the end of that output.
            // (ProcessHandle's destroy: Process's would also close the output, and the JVM that
            // writes the cache would then write to a closed pipe.)
            launcher.toHandle().destroy();
            reader.join(STOP_TIMEOUT.toMillis());
            if (reader.isAlive() || !launcher.waitFor(1, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the launcher did not stop");
            }
        } finally {
            if (launcher.isAlive()) {
                launcher.destroyForcibly();
            }
        }
    }

    /** The request kinds clients send most, over the connector: streamed and whole, chat and completions. */
    private static void drive(int port) throws IOException, InterruptedException {
        String base = "http://127.0.0.1:" + port;
        String messages = "\"messages\":[{\"role\":\"user\",\"content\":\"What is the weather like in Paris?\"}]";
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"]}}}]";
        List<String> chats = List.of(
                "{\"model\":\"aot-training\"," + messages + ",\"max_tokens\":8}",
                "{\"model\":\"aot-training\"," + messages + ",\"max_tokens\":8,\"stream\":true}",
                "{\"model\":\"aot-training\"," + messages + ",\"max_tokens\":8,\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true},\"logprobs\":true,\"top_logprobs\":2}",
                "{\"model\":\"aot-training\"," + messages + ",\"max_tokens\":8," + tools
                        + ",\"tool_choice\":\"required\"}");
        List<String> completions = List.of(
                "{\"model\":\"aot-training\",\"prompt\":\"Once upon a time\",\"max_tokens\":8}",
                "{\"model\":\"aot-training\",\"prompt\":\"Once upon a time\",\"max_tokens\":8,\"stream\":true}");
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int round = 0; round < ROUNDS; round++) {
                for (String body : chats) {
                    post(client, base + "/v1/chat/completions", body);
                }
                for (String body : completions) {
                    post(client, base + "/v1/completions", body);
                }
                get(client, base + "/v1/models");
                get(client, base + "/health");
                get(client, base + "/metrics");
            }
        }
    }

    private static void post(HttpClient client, String uri, String body) throws IOException, InterruptedException {
        send(
                client,
                HttpRequest.newBuilder(URI.create(uri))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private static void get(HttpClient client, String uri) throws IOException, InterruptedException {
        send(client, HttpRequest.newBuilder(URI.create(uri)).GET().build());
    }

    private static void send(HttpClient client, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(request.method() + " "
                    + request.uri().getPath() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private void read(Process launcher, CompletableFuture<Integer> port) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                keep(line);
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            // The launcher ended; its exit tells the rest.
        } finally {
            port.completeExceptionally(new IllegalStateException("the launcher exited"));
        }
    }

    private void keep(String line) {
        synchronized (output) {
            if (output.size() == OUTPUT_KEPT) {
                output.removeFirst();
            }
            output.addLast(line);
        }
    }

    /** A failed training is reported, and leaves no cache: the launcher starts without one. */
    private void failed(Path cache, String why) {
        try {
            Files.deleteIfExists(cache);
        } catch (IOException e) {
            // Not fresh anyway: the launcher ignores a cache older than its jar.
        }
        List<String> last;
        synchronized (output) {
            last = new ArrayList<>(output);
        }
        out.println("AOT cache: none made (" + why + "); the launcher starts without one. Its last output:");
        last.forEach(line -> out.println("  " + line));
    }
}
