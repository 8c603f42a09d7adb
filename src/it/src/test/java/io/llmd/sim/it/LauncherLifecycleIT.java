package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The launcher's life as a service manager sees it: SIGTERM (what Kubernetes and docker stop send)
 * stops admitting, lets running streams finish within {@code --shutdown-timeout}, then exits with
 * status 0; and the pod identity headers a gateway test reads (none without a pod name). The launcher runs as users run it,
 * {@code java -jar}, so the simulator lives in a child JVM that the signal must reach.
 */
class LauncherLifecycleIT {
    private static final String MODEL = "lifecycle-model";
    private static final String RUNNING = "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}";
    private static final String POD_NAME = "sim-7f9c-abcde";
    private static final Map<String, String> POD = Map.of("POD_NAME", POD_NAME, "POD_NAMESPACE", "inference");

    private static String words(int count) {
        return String.join(" ", Collections.nCopies(count, "word"));
    }

    @Test
    void sigtermRefusesNewRequestsLetsTheRunningStreamFinishAndExitsZero() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                        POD,
                        "--model",
                        MODEL,
                        "--mode",
                        "echo",
                        "--time-to-first-token",
                        "100",
                        "--inter-token-latency",
                        "100",
                        "--shutdown-timeout",
                        "20");
                SimClient client = new SimClient(launcher.uri())) {
            assertPodIdentity(client, launcher.uri().getPort());
            List<ProcessHandle> children = launcher.process().descendants().toList();
            assertThat(children)
                    .as("the launcher runs the simulator in a child JVM")
                    .isNotEmpty();
            CompletableFuture<SimClient.Stream> stream = CompletableFuture.supplyAsync(
                    () -> client.stream("/v1/chat/completions", SimClient.chat(MODEL, words(30), "\"stream\":true")));
            awaitRunning(client);

            // SIGTERM to the parent JVM (through its handle: Process.destroy would also close its output)
            launcher.process().toHandle().destroy();
            awaitStatus(client, "/health", 503);
            SimClient.Reply refused = client.post("/v1/chat/completions", SimClient.chat(MODEL, "late", ""));
            assertThat(refused.status()).isEqualTo(503);
            JsonNode error = refused.json().path("error");
            assertThat(error.path("code").asInt()).isEqualTo(503);
            assertThat(error.path("type").asText()).isEqualTo("InternalServerError");
            assertThat(error.path("message").asText()).contains("shutting down");
            assertThat(refused.header("x-inference-pod"))
                    .as("a refusal names its replica too")
                    .isEqualTo(POD_NAME);
            assertThat(SimClient.metric(client.get("/metrics").body(), RUNNING))
                    .as("metrics stay readable while the stream drains")
                    .isEqualTo(1.0);

            SimClient.Stream finished = stream.get(30, TimeUnit.SECONDS);
            assertThat(finished.events()).as(finished.rawBody()).hasSize(31);
            assertThat(finished.events().get(30).data()).isEqualTo("[DONE]");
            assertThat(launcher.process().waitFor(30, TimeUnit.SECONDS))
                    .as(launcher.output())
                    .isTrue();
            assertThat(launcher.process().exitValue()).as(launcher.output()).isZero();
            for (ProcessHandle child : children) {
                assertThat(child.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
            }
            awaitOutput(launcher, "no request is running any more");
            // The stream, and perhaps a probe that was being answered at that moment.
            assertThat(launcher.output()).containsPattern("waiting up to 20 s for [1-9] running");
        }
    }

    @Test
    void aStreamLongerThanTheShutdownTimeoutIsCutAtTheTimeout() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(
                        "--model", MODEL, "--mode", "echo", "--inter-token-latency", "100", "--shutdown-timeout", "1");
                SimClient client = new SimClient(launcher.uri())) {
            CompletableFuture<SimClient.Stream> stream = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.stream("/v1/chat/completions", SimClient.chat(MODEL, words(100), "\"stream\":true"));
                } catch (RuntimeException e) {
                    return null; // the connection closed mid-stream: cut, as expected
                }
            });
            awaitRunning(client);
            long signalled = System.nanoTime();
            launcher.process().toHandle().destroy();
            assertThat(launcher.process().waitFor(30, TimeUnit.SECONDS))
                    .as(launcher.output())
                    .isTrue();
            double stoppedAfter = (System.nanoTime() - signalled) / 1e9;
            assertThat(launcher.process().exitValue()).as(launcher.output()).isZero();
            // A 10 s stream, cut after the 1 s timeout (plus the server's stop, on a busy machine).
            assertThat(stoppedAfter)
                    .as("stopped %.1f s after SIGTERM", stoppedAfter)
                    .isBetween(0.9, 5.0);
            SimClient.Stream cut = stream.get(30, TimeUnit.SECONDS);
            if (cut != null) {
                assertThat(cut.events()).hasSizeLessThan(101);
            }
            awaitOutput(launcher, "still running after 1 s (--shutdown-timeout): they are cut");
        }
    }

    @Test
    void sigtermToTheChildJvmStopsItAndTheParentExitsZero() throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start("--model", MODEL);
                SimClient client = new SimClient(launcher.uri())) {
            SimClient.Reply reply = client.get("/v1/models");
            assertThat(reply.header("x-inference-pod"))
                    .as("no pod named, no identity headers")
                    .isNull();
            assertThat(reply.header("x-inference-port")).isNull();
            assertThat(launcher.output())
                    .as("no request log without --log-requests")
                    .doesNotContain("RequestLog");
            List<ProcessHandle> children = launcher.process().descendants().toList();
            assertThat(children).hasSize(1);
            children.get(0).destroy();
            assertThat(launcher.process().waitFor(30, TimeUnit.SECONDS))
                    .as(launcher.output())
                    .isTrue();
            assertThat(launcher.process().exitValue()).as(launcher.output()).isZero();
        }
    }

    /** Every response, whatever its path or status, names the pod, its namespace and the port. */
    private static void assertPodIdentity(SimClient client, int port) {
        for (String path : List.of("/v1/models", "/health", "/metrics", "/no/such/path")) {
            SimClient.Reply reply = client.get(path);
            assertThat(reply.header("x-inference-pod")).as(path).isEqualTo(POD_NAME);
            assertThat(reply.header("x-inference-namespace")).as(path).isEqualTo("inference");
            assertThat(reply.header("x-inference-port")).as(path).isEqualTo(Integer.toString(port));
        }
    }

    /** The output reader may lag behind the process's end by a moment. */
    private static void awaitOutput(LauncherProcess launcher, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!launcher.output().contains(text) && System.nanoTime() < deadline) {
            StandaloneContainer.sleep(50);
        }
        assertThat(launcher.output()).contains(text);
    }

    private static void awaitRunning(SimClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SimClient.metric(client.get("/metrics").body(), RUNNING) < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the stream did not start running within 30 s");
            }
            StandaloneContainer.sleep(20);
        }
    }

    private static void awaitStatus(SimClient client, String path, int status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (client.get(path).status() != status) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(path + " did not answer " + status + " within 15 s");
            }
            StandaloneContainer.sleep(20);
        }
    }
}
