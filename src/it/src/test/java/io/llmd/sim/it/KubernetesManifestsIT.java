package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.llmd.sim.config.ConfigFile;
import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.Flag;
import io.llmd.sim.core.SimOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes manifests in {@code docker/kubernetes/} hold together: the container's arguments
 * and the ConfigMap's YAML name real flags with valid values, the probes name real paths (the
 * launcher, started with those very settings, answers them), the Service reaches the pods, the
 * grace period covers the drain, and the heap fits the memory limit.
 */
class KubernetesManifestsIT {
    private static final Path DIR =
            Path.of(System.getProperty("sim.docker.dir", "../../docker")).resolve("kubernetes");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Map<String, JsonNode> BY_KIND = new HashMap<>();

    @BeforeAll
    static void readManifests() throws IOException {
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        for (JsonNode resource : kustomization.path("resources")) {
            JsonNode manifest = YAML.readTree(DIR.resolve(resource.asText()).toFile());
            BY_KIND.put(manifest.path("kind").asText(), manifest);
        }
    }

    private static JsonNode deployment() {
        return BY_KIND.get("Deployment");
    }

    private static JsonNode container() {
        JsonNode containers =
                deployment().path("spec").path("template").path("spec").path("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static List<String> args() {
        List<String> args = new ArrayList<>();
        container().path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /** The ConfigMap's file, written where a test can read it. */
    private static Path configFile(Path dir) throws IOException {
        JsonNode data = BY_KIND.get("ConfigMap").path("data");
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, data.path(file.getFileName().toString()).asText());
        return file;
    }

    @Test
    void theKustomizationHoldsAConfigMapADeploymentAndAService() {
        assertThat(BY_KIND).containsOnlyKeys("ConfigMap", "Deployment", "Service");
        assertThat(deployment().path("spec").path("replicas").asInt()).isGreaterThan(1);
    }

    @Test
    void argumentsAndConfigMapNameRealFlagsWithValidValues(@TempDir Path temp) throws IOException {
        CommandLine commandLine = CommandLine.parse(args().toArray(String[]::new));
        assertThat(commandLine.values())
                .containsKeys(
                        Flag.MODEL,
                        Flag.LORA_MODULES,
                        Flag.TIME_TO_FIRST_TOKEN,
                        Flag.INTER_TOKEN_LATENCY,
                        Flag.PORT,
                        Flag.CONFIG);
        for (JsonNode env : container().path("env")) {
            String name = env.path("name").asText();
            if (name.startsWith("SIM_")) {
                assertThat(java.util.Arrays.stream(Flag.values()).map(flag -> Flag.environmentName(flag.flagName())))
                        .as("environment variable %s", name)
                        .contains(name);
            }
        }
        Map<Flag, String> file = ConfigFile.read(configFile(temp)); // refuses a key that is not a flag
        assertThat(file).containsKeys(Flag.SHUTDOWN_TIMEOUT, Flag.MAX_NUM_SEQS);
        Map<Flag, String> merged = ConfigParser.merge(commandLine.values(), file);
        SimOptions options = SimOptions.builder().set(merged).build();
        assertThat(options.engine().loras()).hasSize(2);
        assertThat(options.server().port())
                .isEqualTo(
                        container().path("ports").get(0).path("containerPort").asInt());

        // --config names the file the ConfigMap volume puts in place.
        Path configArg = Path.of(commandLine.values().get(Flag.CONFIG));
        JsonNode mount = container().path("volumeMounts").get(0);
        assertThat(configArg.getParent().toString())
                .isEqualTo(mount.path("mountPath").asText());
        assertThat(BY_KIND.get("ConfigMap")
                        .path("data")
                        .has(configArg.getFileName().toString()))
                .isTrue();
        JsonNode volume = deployment()
                .path("spec")
                .path("template")
                .path("spec")
                .path("volumes")
                .get(0);
        assertThat(volume.path("name").asText()).isEqualTo(mount.path("name").asText());
        assertThat(volume.path("configMap").path("name").asText())
                .isEqualTo(
                        BY_KIND.get("ConfigMap").path("metadata").path("name").asText());
    }

    @Test
    void theGracePeriodCoversThePreStopPauseAndTheDrain(@TempDir Path temp) throws IOException {
        long shutdownTimeout = SimOptions.builder()
                .model("any")
                .set(ConfigFile.read(configFile(temp)))
                .build()
                .server()
                .shutdownTimeout()
                .toSeconds();
        JsonNode preStop =
                container().path("lifecycle").path("preStop").path("exec").path("command");
        assertThat(preStop.get(0).asText()).isEqualTo("sleep");
        long pause = preStop.get(1).asLong();
        long grace = deployment()
                .path("spec")
                .path("template")
                .path("spec")
                .path("terminationGracePeriodSeconds")
                .asLong();
        assertThat(grace).as("grace period").isBetween(pause + shutdownTimeout + 1, pause + shutdownTimeout + 30);
    }

    @Test
    void probesAndTheServiceUseTheContainersPortAndTheHeapFitsTheMemoryLimit() {
        String portName = container().path("ports").get(0).path("name").asText();
        for (String probe : List.of("readinessProbe", "livenessProbe")) {
            JsonNode get = container().path(probe).path("httpGet");
            assertThat(get.path("port").asText()).as(probe).isEqualTo(portName);
            assertThat(get.path("path").asText()).as(probe).isEqualTo("/health");
        }
        JsonNode service = BY_KIND.get("Service").path("spec");
        assertThat(service.path("ports").get(0).path("targetPort").asText()).isEqualTo(portName);
        assertThat(service.path("selector"))
                .isEqualTo(deployment()
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels"));
        assertThat(deployment().path("spec").path("selector").path("matchLabels"))
                .isEqualTo(deployment()
                        .path("spec")
                        .path("template")
                        .path("metadata")
                        .path("labels"));

        JsonNode resources = container().path("resources");
        long request = bytes(resources.path("requests").path("memory").asText());
        long limit = bytes(resources.path("limits").path("memory").asText());
        assertThat(limit).isGreaterThanOrEqualTo(request);
        String heapOpts = null;
        for (JsonNode env : container().path("env")) {
            assertThat(env.path("name").asText())
                    .as("the image's JVM options come from jvm.options, not from a copy in the manifest")
                    .isNotEqualTo("JAVA_OPTS");
            if (env.path("name").asText().equals("JAVA_HEAP_OPTS")) {
                heapOpts = env.path("value").asText();
            }
        }
        assertThat(String.valueOf(heapOpts).split(" "))
                .as("JAVA_HEAP_OPTS sizes the heap and repeats none of the other options")
                .allMatch(option -> option.startsWith("-Xm") || option.startsWith("-XX:SoftMaxHeapSize="));
        Matcher xmx = Pattern.compile("-Xmx(\\d+)([kmg])").matcher(String.valueOf(heapOpts));
        assertThat(xmx.find()).as("JAVA_HEAP_OPTS caps the heap: %s", heapOpts).isTrue();
        long heap = Long.parseLong(xmx.group(1))
                << switch (xmx.group(2)) {
                    case "k" -> 10;
                    case "m" -> 20;
                    default -> 30;
                };
        // Besides the heap the JVM needs about 130 MiB (metaspace, code, threads, GC): measured 290 MiB at 128 streams.
        assertThat(heap + (160L << 20)).as("heap plus the JVM's own memory").isLessThanOrEqualTo(limit);
    }

    @Test
    void theLauncherStartsWithTheManifestsSettingsAndAnswersItsProbes(@TempDir Path temp) throws IOException {
        List<String> args = args();
        int port = args.indexOf("--port");
        args.subList(port, port + 2).clear(); // the test starts it on a free port
        args.set(args.indexOf("--config") + 1, configFile(temp).toString());
        try (LauncherProcess launcher = LauncherProcess.start(
                        Map.of("POD_NAME", "llm-d-inference-sim-0", "POD_NAMESPACE", "default"),
                        args.toArray(String[]::new));
                SimClient client = new SimClient(launcher.uri())) {
            for (String probe : List.of("readinessProbe", "livenessProbe")) {
                String path =
                        container().path(probe).path("httpGet").path("path").asText();
                SimClient.Reply reply = client.get(path);
                assertThat(reply.status()).as(probe + " " + path).isEqualTo(200);
                assertThat(reply.header("x-inference-pod")).isEqualTo("llm-d-inference-sim-0");
            }
            SimClient.Reply models = client.get("/v1/models");
            assertThat(models.body()).contains("tweet-summary-0").contains("tweet-summary-1");
            assertThat(launcher.output()).contains("--shutdown-timeout=30").contains("--max-num-seqs=8");
        }
    }

    /** A Kubernetes memory quantity in bytes (binary suffixes). */
    private static long bytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
        assertThat(matcher.matches()).as(quantity).isTrue();
        long value = Long.parseLong(matcher.group(1));
        return matcher.group(2) == null
                ? value
                : value
                        << switch (matcher.group(2)) {
                            case "Ki" -> 10;
                            case "Mi" -> 20;
                            default -> 30;
                        };
    }
}
