package io.llmd.sim.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The simulator under test: {@code java -jar launcher.jar ...} started as a child process, pinned
 * with {@code taskset} when asked. The launcher normally starts itself again in a child JVM with
 * its own collector and heap; that JVM (command line containing {@code -Dllmd.sim.parent-pid}) is
 * the one that serves, so it is the one measured.
 */
final class ServerProcess {
    private static final String CHILD_MARKER = "-Dllmd.sim.parent-pid";

    private final Process process;
    /** The command as started, but naming the jar the user gave rather than its snapshot. */
    private final List<String> command;

    private final int port;
    private final Path log;
    private final long launchedAt;
    private volatile long serverPid;
    private double startSeconds = Double.NaN;

    private ServerProcess(Process process, List<String> command, int port, Path log, long launchedAt) {
        this.process = process;
        this.command = command;
        this.port = port;
        this.log = log;
        this.launchedAt = launchedAt;
        this.serverPid = process.pid();
    }

    /** Starts the launcher; call {@link #awaitReady} next. */
    static ServerProcess launch(Options options, Path jar, List<String> simulatorArgs, String tag) throws IOException {
        int port = options.port() > 0 ? options.port() : freePort();
        List<String> command = new ArrayList<>();
        if (options.serverCpus() != null) {
            command.addAll(List.of(Pinning.taskset(), "-c", options.serverCpus()));
        }
        command.add(options.serverJava());
        command.addAll(options.serverJvmOptions());
        command.addAll(List.of("-jar", jar.toString(), "--port", Integer.toString(port)));
        command.addAll(simulatorArgs);
        Files.createDirectories(options.logDir());
        Path log = options.logDir().resolve("bench-server-" + tag + ".log");
        long launchedAt = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        List<String> shown = command.stream()
                .map(arg -> arg.equals(jar.toString()) ? options.jar().toString() : arg)
                .toList();
        return new ServerProcess(process, shown, port, log, launchedAt);
    }

    /**
     * Starts the yardstick, {@link FloorServer}, from this benchmark's own jar, pinned like the
     * simulator; call {@link #awaitReady} next.
     */
    static ServerProcess launchFloor(Options options, int ttftMillis, int itlMillis) throws IOException {
        int port = options.port() > 0 ? options.port() : freePort();
        List<String> command = new ArrayList<>();
        if (options.serverCpus() != null) {
            command.addAll(List.of(Pinning.taskset(), "-c", options.serverCpus()));
        }
        command.add(options.serverJava());
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmx256m"));
        command.addAll(List.of(
                "-cp",
                Path.of(System.getProperty("java.class.path")).toAbsolutePath().toString(),
                FloorServer.class.getName(),
                Integer.toString(port),
                Integer.toString(ttftMillis),
                Integer.toString(itlMillis)));
        Files.createDirectories(options.logDir());
        Path log = options.logDir().resolve("bench-server-floor.log");
        long launchedAt = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new ServerProcess(process, command, port, log, launchedAt);
    }

    /** Waits for the first 200 on /v1/models, then finds the serving JVM. */
    void awaitReady(long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("the server exited with status " + process.exitValue() + "; see " + log);
            }
            if (status("/v1/models") == 200) {
                startSeconds = (System.nanoTime() - launchedAt) / 1e9;
                break;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(
                        "the server did not answer /v1/models within " + timeoutMillis + " ms; see " + log);
            }
            Thread.sleep(10);
        }
        serverPid = findServingJvm(process.pid()).orElse(process.pid());
    }

    private static Optional<Long> findServingJvm(long launcherPid) {
        for (long child : ProcFs.children(launcherPid)) {
            if (ProcFs.commandLine(child).stream().anyMatch(arg -> arg.startsWith(CHILD_MARKER))) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** GET on the server; the status, or -1 if it did not answer. */
    int status(String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.US_ASCII);
            return line.startsWith("HTTP/1.") && line.length() == 12 ? Integer.parseInt(line.substring(9, 12)) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Stops the launcher and the serving JVM; safe to call more than once, from any thread. */
    void stop() {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(process.toHandle());
        ProcessHandle.of(serverPid).ifPresent(all::add);
        process.descendants().forEach(all::add);
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle handle : all) {
            if (handle.isAlive()) {
                handle.destroy();
            }
        }
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
    }

    /** The JVM that serves (the relaunched child, or the launcher itself). */
    long serverPid() {
        return serverPid;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    List<String> command() {
        return List.copyOf(command);
    }

    /** Seconds from launch to the first 200 on /v1/models. */
    double startSeconds() {
        return startSeconds;
    }

    /** The serving JVM's options (as on its command line, before the class path and main class). */
    String jvmFlags() {
        List<String> flags = new ArrayList<>();
        List<String> args = ProcFs.commandLine(serverPid);
        for (int i = 1; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("-cp") || arg.equals("-classpath") || arg.equals("-jar") || !arg.startsWith("-")) {
                break;
            }
            if (!arg.startsWith(CHILD_MARKER)) {
                flags.add(arg);
            }
        }
        return flags.isEmpty() ? "(JVM defaults)" : String.join(" ", flags);
    }

    /**
     * The listen backlog of the server's socket as {@code ss} shows it (Send-Q of a listening
     * socket), or -1 if {@code ss} is not available.
     */
    int listenBacklog() {
        try {
            Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!ss.waitFor(5, TimeUnit.SECONDS) || ss.exitValue() != 0 || out.isEmpty()) {
                return -1;
            }
            String[] columns = out.lines().findFirst().orElse("").trim().split("\\s+");
            return columns.length > 2 ? Integer.parseInt(columns[2]) : -1;
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Lines of the server's output that look like problems. */
    List<String> problemLines() {
        try {
            return Files.readAllLines(log).stream()
                    .filter(line -> line.contains("WARN")
                            || line.contains("ERROR")
                            || line.contains("SEVERE")
                            || line.contains("Exception")
                            || line.contains("OutOfMemory"))
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
