package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the container image without a Docker engine or a registry: the image's
 * entrypoint and health check run against the built launcher jar, with the Go simulator's form of
 * arguments; and the {@code jib} profile builds an OCI tarball on the {@code scratch} base whose
 * layer holds that very jar and the scripts, with the image's entrypoint, user, port and JVM options.
 */
class ContainerImageIT {
    private static final Path DOCKER = Path.of(System.getProperty("sim.docker.dir", "../../docker"));
    /** The one list of JVM options, the launcher's and the image's: they name the collector, so the simulator runs in one JVM. */
    private static final Path JVM_OPTIONS =
            DOCKER.resolveSibling("launcher/src/main/resources/io/llmd/sim/launcher/jvm.options");

    private static ProcessBuilder script(String name, Path portFile, String... args) {
        List<String> command =
                new ArrayList<>(List.of("bash", DOCKER.resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("SIM_") || key.startsWith("POD_"));
        env.remove("JAVA_OPTS");
        env.remove("JAVA_HEAP_OPTS");
        env.put("LLMD_SIM_JVM_OPTIONS", JVM_OPTIONS.toAbsolutePath().toString());
        env.put("LLMD_SIM_JAR", LauncherProcess.jar().toAbsolutePath().toString());
        env.put("LLMD_SIM_PORT_FILE", portFile.toString());
        env.put(
                "PATH",
                Path.of(System.getProperty("java.home"), "bin") + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
        return builder;
    }

    private static int healthCheck(Path portFile) throws Exception {
        Process check = script("healthcheck.sh", portFile).start();
        check.getInputStream().readAllBytes();
        assertThat(check.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return check.exitValue();
    }

    @Test
    void theEntrypointRunsTheGoSimulatorsArgumentsAndTheHealthCheckFollowsTheServer(@TempDir Path temp)
            throws Exception {
        Path portFile = temp.resolve("port");
        int port = freePort();
        Process process = script(
                        "entrypoint.sh",
                        portFile,
                        "--port",
                        Integer.toString(port),
                        "--model",
                        "go-model",
                        "--time-to-first-token",
                        "100ms",
                        "--inter-token-latency=0.05s",
                        "--lora-modules",
                        "{\"name\":\"tweet-summary-0\"}",
                        "{\"name\": \"adapter-b\", \"path\": \"/adapters/b\"}",
                        "--enforce-eager",
                        "-v",
                        "5",
                        "--tensor-parallel-size",
                        "2",
                        "--max-num-seqs",
                        "3")
                .start();
        List<String> output = collectOutput(process);
        try (SimClient client = new SimClient(java.net.URI.create("http://127.0.0.1:" + port + "/"))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!String.join("\n", output).contains("listening on")) {
                assertThat(process.isAlive()).as(String.join("\n", output)).isTrue();
                assertThat(System.nanoTime()).as("started within 60 s").isLessThan(deadline);
                StandaloneContainer.sleep(100);
            }
            JsonNode models = client.get("/v1/models").json();
            Map<String, String> roots = new LinkedHashMap<>();
            models.path("data")
                    .forEach(card -> roots.put(
                            card.path("id").asText(), card.path("root").asText()));
            assertThat(roots)
                    .containsEntry("tweet-summary-0", "tweet-summary-0")
                    .containsEntry("adapter-b", "/adapters/b");
            String log = String.join("\n", output);
            assertThat(log)
                    .contains("--time-to-first-token=100 ")
                    .contains("--inter-token-latency=50 ")
                    .contains("--max-num-seqs=3 ")
                    .contains("Ignored, as they tune a real engine and mean nothing to this simulator: "
                            + "--enforce-eager=true --tensor-parallel-size=2 --v=5");
            assertThat(healthCheck(portFile)).as("health check while serving").isZero();

            process.toHandle().destroy(); // what docker stop sends to the entrypoint's exec'd JVM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(String.join("\n", output)).isZero();
            assertThat(healthCheck(portFile)).as("health check once stopped").isEqualTo(1);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void theEntrypointReadsJvmOptionsAsTheLauncherDoesAndPutsTheHeapOptionsAfterThem(@TempDir Path temp)
            throws Exception {
        // A java that prints its arguments, in a JDK whose release file says which Java it is.
        Path bin = Files.createDirectories(temp.resolve("jdk/bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        Path release = temp.resolve("jdk/release");

        Files.writeString(release, "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"21.0.2\"\n");
        List<String> java21 = javaArguments(temp, bin, Map.of("JAVA_HEAP_OPTS", "-Xmx192m -XX:SoftMaxHeapSize=160m"));
        Files.writeString(release, "JAVA_VERSION=\"25.0.1\"\n");
        List<String> java25 = javaArguments(temp, bin, Map.of());
        List<String> own = javaArguments(temp, bin, Map.of("JAVA_OPTS", "-Xmx3g", "JAVA_HEAP_OPTS", "-Xmx192m"));

        String options = Files.readString(JVM_OPTIONS);
        List<String> list = options.lines()
                .map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
        assertThat(list).anyMatch(line -> line.startsWith("25:")).anyMatch(line -> line.startsWith("22:"));
        assertThat(java25.subList(0, list.size()))
                .as("every option on Java 25")
                .isEqualTo(list.stream()
                        .map(line -> line.replaceAll("^\\d+:\\s*", ""))
                        .toList());
        assertThat(java21.subList(0, java21.indexOf("-jar")))
                .as("an option for a later Java left out, the heap options last")
                .isEqualTo(Stream.concat(
                                list.stream().filter(line -> !line.matches("^(22|25):.*")),
                                Stream.of("-Xmx192m", "-XX:SoftMaxHeapSize=160m"))
                        .toList());
        assertThat(own.subList(0, own.indexOf("-jar")))
                .as("JAVA_OPTS replaces the list and wins over JAVA_HEAP_OPTS")
                .containsExactly("-Xmx192m", "-Xmx3g");
    }

    /** The arguments the entrypoint gives the fake java in {@code bin}, one by one. */
    private static List<String> javaArguments(Path temp, Path bin, Map<String, String> environment) throws Exception {
        ProcessBuilder entrypoint = script("entrypoint.sh", temp.resolve("port"), "--model", "m");
        entrypoint.environment().put("LLMD_SIM_JAR", temp.resolve("none.jar").toString());
        entrypoint.environment().put("PATH", bin + ":/usr/bin:/bin");
        entrypoint.environment().putAll(environment);
        Process process = entrypoint.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().toList();
    }

    @Test
    void theHealthCheckFollowsThePortThatTheEnvironmentOrTheConfigurationFileSets(@TempDir Path temp) throws Exception {
        Path portFile = temp.resolve("port");
        int envPort = freePort();
        ProcessBuilder byEnvironment = script("entrypoint.sh", portFile, "--model", "m");
        byEnvironment.environment().put("SIM_PORT", Integer.toString(envPort));
        assertHealthyWhileServing(byEnvironment, portFile, envPort);

        int filePort = freePort();
        Path config = Files.writeString(temp.resolve("sim.yaml"), "model: m\nport: " + filePort + "\n");
        assertHealthyWhileServing(script("entrypoint.sh", portFile, "--config", config.toString()), portFile, filePort);
    }

    /** The process's output lines, collected as they come by a daemon thread. */
    private static List<String> collectOutput(Process process) {
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException e) {
                // The process ended.
            }
        });
        reader.setDaemon(true);
        reader.start();
        return output;
    }

    private static void assertHealthyWhileServing(ProcessBuilder entrypoint, Path portFile, int port) throws Exception {
        Process process = entrypoint.start();
        List<String> output = collectOutput(process);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!String.join("\n", output).contains("listening on")) {
                assertThat(process.isAlive()).as(String.join("\n", output)).isTrue();
                assertThat(System.nanoTime()).as("started within 60 s").isLessThan(deadline);
                StandaloneContainer.sleep(100);
            }
            assertThat(String.join("\n", output)).contains(":" + port + " ");
            assertThat(healthCheck(portFile)).as("health check on port " + port).isZero();
        } finally {
            process.toHandle().destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            process.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void theEntrypointLeavesAFlagNobodyHasToTheLauncherWhichRefusesIt(@TempDir Path temp) throws Exception {
        Process process = script("entrypoint.sh", temp.resolve("port"), "--model", "m", "--no-such-flag", "1")
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(2);
        assertThat(output).contains("--no-such-flag").doesNotContain("ignoring");
    }

    @Test
    void theJibProfileLayersTheLauncherJarAndTheScriptsOnTheBaseImage(@TempDir Path temp) throws Exception {
        Path tarball = temp.resolve("image.tar");
        Path root = DOCKER.toAbsolutePath().getParent();
        String mavenHome = System.getProperty("maven.home");
        assertThat(mavenHome).as("maven.home (set by the build)").isNotBlank();
        Process build = new ProcessBuilder(
                        Path.of(mavenHome, "bin", "mvn").toString(),
                        "-B",
                        "-ntp",
                        "-q",
                        "-f",
                        root.resolve("pom.xml").toString(),
                        "-Pjib",
                        "-pl",
                        "docker",
                        "package",
                        "-Djib.from.image=scratch",
                        "-Dsim.image.tar=" + tarball)
                .redirectErrorStream(true)
                .start();
        String output = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(build.exitValue()).as(output).isZero();

        Map<String, byte[]> image = untar(Files.newInputStream(tarball));
        JsonNode index = SimClient.JSON.readTree(image.get("index.json"));
        JsonNode manifest = SimClient.JSON.readTree(
                blob(image, index.path("manifests").get(0).path("digest").asText()));
        JsonNode config = SimClient.JSON
                .readTree(blob(image, manifest.path("config").path("digest").asText()))
                .path("config");
        assertThat(config.path("Entrypoint").get(0).asText()).isEqualTo("/opt/llm-d-inference-sim/entrypoint.sh");
        assertThat(config.path("User").asText()).isEqualTo("10001:10001");
        assertThat(config.path("ExposedPorts").has("8000/tcp")).isTrue();
        assertThat(config.path("Env").toString())
                .as("the JVM options come from jvm.options, not a second list")
                .doesNotContain("JAVA_OPTS");
        assertThat(Files.readString(DOCKER.resolve("Dockerfile")))
                .as("the Dockerfile's image and jib's have the same JVM options, the launcher's")
                .contains("launcher/src/main/resources/io/llmd/sim/launcher/jvm.options")
                .doesNotContain("ENV JAVA_OPTS");

        Map<String, TarEntry> files = new LinkedHashMap<>();
        for (JsonNode layer : manifest.path("layers")) {
            assertThat(layer.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
            byte[] gzipped = blob(image, layer.path("digest").asText());
            files.putAll(untarEntries(new GZIPInputStream(new ByteArrayInputStream(gzipped))));
        }
        TarEntry jar = files.get("opt/llm-d-inference-sim/llm-d-inference-sim.jar");
        assertThat(jar)
                .as("the launcher jar's layer; files: %s", files.keySet())
                .isNotNull();
        assertThat(sha256(jar.content())).isEqualTo(sha256(Files.readAllBytes(LauncherProcess.jar())));
        assertThat(files.get("opt/llm-d-inference-sim/jvm.options").content())
                .isEqualTo(Files.readAllBytes(JVM_OPTIONS));
        assertThat(files.get("opt/llm-d-inference-sim/entrypoint.sh").mode() & 0777)
                .isEqualTo(0755);
        assertThat(files.get("opt/llm-d-inference-sim/healthcheck.sh").mode() & 0777)
                .isEqualTo(0755);
        assertThat(files.get("app/llm-d-inference-sim").mode() & 0777).isEqualTo(0755);
        assertThat(files.keySet())
                .as("the entrypoint passes every argument on: no list of flags is needed")
                .doesNotContain("opt/llm-d-inference-sim/flags.txt");
        assertThat(files.keySet())
                .as("nothing but jib's layers on scratch")
                .allMatch(name ->
                        name.startsWith("opt/") || name.startsWith("app/") || name.equals("opt") || name.equals("app"));
    }

    private static byte[] blob(Map<String, byte[]> image, String digest) {
        byte[] blob = image.get("blobs/" + digest.replace(':', '/'));
        assertThat(blob).as("blob %s", digest).isNotNull();
        return blob;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private record TarEntry(int mode, byte[] content) {}

    private static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        untarEntries(in).forEach((name, entry) -> files.put(name, entry.content()));
        return files;
    }

    /** The regular files of a tar stream (ustar, with PAX long names), by path without a leading "./" or "/". */
    private static Map<String, TarEntry> untarEntries(InputStream in) throws IOException {
        Map<String, TarEntry> files = new LinkedHashMap<>();
        String paxPath = null;
        try (in) {
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return files;
                }
                String name = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                int mode = (int) Long.parseLong(
                        field(header, 100, 8).trim().isEmpty()
                                ? "0"
                                : field(header, 100, 8).trim(),
                        8);
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                byte[] content = in.readNBytes((int) size);
                in.readNBytes((int) ((512 - size % 512) % 512));
                if (type == 'x') {
                    for (String record : new String(content, StandardCharsets.UTF_8).split("\n")) {
                        int eq = record.indexOf(" path=");
                        if (eq >= 0) {
                            paxPath = record.substring(eq + 6);
                        }
                    }
                    continue;
                }
                String path = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
                paxPath = null;
                path = path.replaceFirst("^\\./", "").replaceFirst("^/", "");
                if (type == '0' || type == 0) {
                    files.put(path, new TarEntry(mode, content));
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }
}
