package io.llmd.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.JumpingClock;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.Simulator;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The whole text a scraper of the WAR or the launcher reads, for one engine wired as the context
 * listener wires it: every family, label, bucket and value, byte for byte as the golden file
 * recorded it when each engine still registered its own metric families.
 */
class ExpositionTest {

    @Test
    void exposesTheRecordedTextWithAFinishedAnAbortedAndARunningRequest() throws Exception {
        JumpingClock clock = new JumpingClock();
        PrometheusRegistry registry = new PrometheusRegistry();
        SimConfig config = config();
        Simulator simulator =
                new Simulator(config, clock, List.of(new VllmMetrics(registry, config.maxModelLen()).engine(config)));

        Run finished = simulator.admit(
                simulator.plan(new GenerationRequest(
                        simulator.catalog().resolve("served"),
                        "a prompt of six tokens here",
                        "one two three four",
                        null)),
                0);
        finished.awaitStart();
        finished.awaitAnswer();
        finished.finish();
        Run aborted = simulator.admit(
                simulator.plan(new GenerationRequest(simulator.catalog().resolve("served"), "short", "five six", 1)),
                clock.nanoTime());
        aborted.awaitStart();
        aborted.cancel();
        Run running = simulator.admit(
                simulator.plan(new GenerationRequest(
                        simulator.catalog().resolve("adapter"), "still running", "seven eight", null)),
                clock.nanoTime());
        running.awaitStart();

        assertThat(scrape(registry)).isEqualTo(golden());
    }

    private static SimConfig config() {
        return ConfigParser.build(
                CommandLine.parse(
                                "--model",
                                "m",
                                "--served-model-name",
                                "served",
                                "--mode",
                                "echo",
                                "--time-to-first-token",
                                "150",
                                "--inter-token-latency",
                                "40",
                                "--max-model-len",
                                "2048",
                                "--kv-cache-size",
                                "256",
                                "--block-size",
                                "16",
                                "--max-loras",
                                "2",
                                "--lora",
                                "adapter",
                                "--seed",
                                "3")
                        .values(),
                () -> 3L);
    }

    /** The text format, with the one wall-clock value (when the adapters last changed) blanked. */
    private static String scrape(PrometheusRegistry registry) {
        String text = PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
        return text.replaceAll("(?m)^(vllm:lora_requests_info\\{[^}]*\\}) .*$", "$1 <unix time>");
    }

    private static String golden() throws IOException {
        try (InputStream in = ExpositionTest.class.getResourceAsStream("exposition.txt")) {
            assertThat(in).as("the golden exposition").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
