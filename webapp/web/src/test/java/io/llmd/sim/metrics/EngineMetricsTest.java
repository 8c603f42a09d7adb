package io.llmd.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.Scheduler;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.Ticket;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineMetricsTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SimConfig config = config(
            "--model", "m", "--served-model-name", "served", "alias", "--max-loras", "2", "--max-cpu-loras", "3");
    private final EngineMetrics metrics = new VllmMetrics(registry, config.maxModelLen()).engine(config);
    private final Scheduler scheduler = new Scheduler(2, 2, 3, () -> 0L, metrics);

    @Test
    void startsWithNothingRunningOrWaiting() {
        assertThat(value(VllmMetrics.NUM_REQUESTS_RUNNING, Labels.of("engine", "0", "model_name", "served")))
                .isZero();
        assertThat(value(VllmMetrics.NUM_REQUESTS_WAITING, Labels.of("engine", "0", "model_name", "served")))
                .isZero();
        assertThat(loraInfo())
                .singleElement()
                .extracting(GaugeDataPointSnapshot::getLabels)
                .isEqualTo(loraLabels("", ""));
    }

    @Test
    void followsTheSchedulersRunningAndWaitingCounts() {
        scheduler.submit(null, 0);
        scheduler.submit(null, 0);
        Ticket third = scheduler.submit(null, 0);
        scheduler.submit(null, 0);

        assertThat(value(VllmMetrics.NUM_REQUESTS_RUNNING, Labels.of("engine", "0", "model_name", "served")))
                .isEqualTo(2);
        assertThat(value(VllmMetrics.NUM_REQUESTS_WAITING, Labels.of("engine", "0", "model_name", "served")))
                .isEqualTo(2);

        third.cancel();

        assertThat(value(VllmMetrics.NUM_REQUESTS_WAITING, Labels.of("engine", "0", "model_name", "served")))
                .isEqualTo(1);
    }

    @Test
    void namesRunningAndWaitingAdaptersInOneSeries() {
        scheduler.submit("b", 0);
        scheduler.submit("a", 0);
        scheduler.submit("c", 0);

        assertThat(loraInfo())
                .singleElement()
                .extracting(GaugeDataPointSnapshot::getLabels)
                .isEqualTo(loraLabels("a,b", "c"));
    }

    @Test
    void replacesTheSeriesWhenTheAdaptersChange() {
        Ticket b = scheduler.submit("b", 0);
        scheduler.submit("a", 0);
        scheduler.submit("c", 0);

        b.finish();

        assertThat(loraInfo())
                .singleElement()
                .extracting(GaugeDataPointSnapshot::getLabels)
                .isEqualTo(loraLabels("a,c", ""));
    }

    @Test
    void timesTheLastAdapterChangeInUnixSeconds() {
        double before = System.currentTimeMillis() / 1000.0;
        scheduler.submit("a", 0);
        double after = System.currentTimeMillis() / 1000.0;

        assertThat(loraInfo())
                .singleElement()
                .extracting(GaugeDataPointSnapshot::getValue)
                .satisfies(value -> assertThat((double) value).isBetween(Math.floor(before), after));
    }

    @Test
    void exposesVllmNamesInTheTextFormat() {
        scheduler.submit("a", 0);

        String text = PrometheusTextFormatWriter.create().toDebugString(registry.scrape());

        assertThat(text)
                .contains("vllm:num_requests_running{engine=\"0\",model_name=\"served\"} 1")
                .contains("vllm:num_requests_waiting{engine=\"0\",model_name=\"served\"} 0")
                .containsOnlyOnce("vllm:lora_requests_info{")
                .contains("max_lora=\"2\"", "running_lora_adapters=\"a\"", "waiting_lora_adapters=\"\"");
    }

    private double value(String name, Labels labels) {
        return gauge(name).getDataPoints().stream()
                .filter(point -> point.getLabels().equals(labels))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + labels))
                .getValue();
    }

    private List<GaugeDataPointSnapshot> loraInfo() {
        return gauge(VllmMetrics.LORA_REQUESTS_INFO).getDataPoints();
    }

    private GaugeSnapshot gauge(String name) {
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (snapshot.getMetadata().getPrometheusName().equals(name)) {
                return (GaugeSnapshot) snapshot;
            }
        }
        throw new AssertionError("no metric " + name + " in the registry");
    }

    private static SimConfig config(String... args) {
        return ConfigParser.build(CommandLine.parse(args).values(), () -> 1L);
    }

    private static Labels loraLabels(String running, String waiting) {
        return Labels.of("max_lora", "2", "running_lora_adapters", running, "waiting_lora_adapters", waiting);
    }
}
