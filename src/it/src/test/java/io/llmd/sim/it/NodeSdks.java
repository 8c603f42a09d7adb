package io.llmd.sim.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Node SDKs (npm {@code openai} and {@code @anthropic-ai/sdk}) run against a server:
 * {@code src/it/node/sdk-checks.mjs} makes every call in one Node process and prints what came
 * back as one JSON object, which the tests then judge. Node.js 20 or later must be on the path
 * ({@code .ci/run} installs it); without it the tests fail rather than skip. The packages come
 * from the committed {@code package-lock.json}: {@code .ci/run} installs them, and so does the
 * first run here when {@code node_modules} is missing or older than the lock file.
 */
final class NodeSdks {
    private static final long INSTALL_MINUTES = 5;
    private static final long RUN_SECONDS = 120;
    private static final Object INSTALLING = new Object();

    private NodeSdks() {}

    /** Runs every SDK check against {@code base} and answers what the script printed. */
    static JsonNode run(URI base, String apiKey, String model) {
        Path dir = directory();
        requireNode();
        install(dir);
        ProcessResult result =
                exec(dir, RUN_SECONDS, TimeUnit.SECONDS, "node", "sdk-checks.mjs", base.toString(), apiKey, model);
        if (result.status() != 0) {
            throw new AssertionError("the Node SDK checks exited with " + result.status() + ":\n" + result.output());
        }
        String[] lines = result.stdout().strip().split("\n");
        try {
            return new ObjectMapper().readTree(lines[lines.length - 1]);
        } catch (IOException e) {
            throw new AssertionError("the Node SDK checks printed no JSON:\n" + result.output(), e);
        }
    }

    private static Path directory() {
        Path dir = Path.of(System.getProperty("sim.node.dir", "node")).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("sdk-checks.mjs"))) {
            throw new AssertionError("no sdk-checks.mjs in " + dir);
        }
        return dir;
    }

    private static void requireNode() {
        ProcessResult version;
        try {
            version = exec(Path.of("."), 30, TimeUnit.SECONDS, "node", "--version");
        } catch (AssertionError e) {
            throw new AssertionError(
                    "Node.js 20 or later is needed for the official Node SDK checks (.ci/run installs it): "
                            + e.getMessage(),
                    e);
        }
        String text = version.stdout().strip();
        int major = text.matches("v\\d+\\..*") ? Integer.parseInt(text.substring(1, text.indexOf('.'))) : 0;
        if (version.status() != 0 || major < 20) {
            throw new AssertionError(
                    "Node.js 20 or later is needed for the official Node SDK checks, found: " + version.output());
        }
    }

    /** {@code npm ci} when the installed packages are missing or older than the lock file. */
    private static void install(Path dir) {
        synchronized (INSTALLING) {
            Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
            try {
                if (Files.isRegularFile(installed)
                        && Files.getLastModifiedTime(installed)
                                        .compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json")))
                                >= 0) {
                    return;
                }
            } catch (IOException e) {
                throw new AssertionError("cannot read " + dir, e);
            }
            ProcessResult result = exec(dir, INSTALL_MINUTES, TimeUnit.MINUTES, "npm", "ci", "--no-audit", "--no-fund");
            if (result.status() != 0) {
                throw new AssertionError("npm ci failed in " + dir + ":\n" + result.output());
            }
        }
    }

    record ProcessResult(int status, String stdout, String stderr) {
        String output() {
            return stdout + (stderr.isEmpty() ? "" : "\n--- stderr ---\n" + stderr);
        }
    }

    /** Runs a command in {@code dir}, its output in files so that neither stream can block it. */
    private static ProcessResult exec(Path dir, long timeout, TimeUnit unit, String... command) {
        Path out = null;
        Path err = null;
        Process process = null;
        try {
            out = Files.createTempFile("node-sdks", ".out");
            err = Files.createTempFile("node-sdks", ".err");
            process = new ProcessBuilder(new ArrayList<>(List.of(command)))
                    .directory(dir.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!process.waitFor(timeout, unit)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not end within " + timeout + " "
                        + unit.toString().toLowerCase() + ":\n" + Files.readString(out, StandardCharsets.UTF_8)
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new ProcessResult(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            throw new AssertionError("interrupted while running " + String.join(" ", command), e);
        } finally {
            delete(out);
            delete(err);
        }
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A temporary file left behind harms nothing.
            }
        }
    }
}
