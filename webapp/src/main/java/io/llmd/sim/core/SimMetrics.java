package io.llmd.sim.core;

import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.util.List;

/**
 * The vLLM metrics the simulator keeps, under vLLM's exact names, registered in a registry of
 * its own (never the global one, so that two deployments in one JVM do not mix).
 */
public final class SimMetrics implements SchedulerListener {
    public static final String NUM_REQUESTS_RUNNING = "vllm:num_requests_running";
    public static final String NUM_REQUESTS_WAITING = "vllm:num_requests_waiting";
    public static final String LORA_REQUESTS_INFO = "vllm:lora_requests_info";
    public static final String MODEL_NAME = "model_name";

    private final GaugeDataPoint running;
    private final GaugeDataPoint waiting;
    private final Gauge loraInfo;
    private final String maxLoras;
    private List<String> loraLabels;

    public SimMetrics(PrometheusRegistry registry, SimConfig config) {
        String model = config.reportedModelName();
        this.maxLoras = Integer.toString(config.maxLoras());
        this.running = Gauge.builder().name(NUM_REQUESTS_RUNNING)
                .help("Number of requests in model execution batches.")
                .labelNames(MODEL_NAME).register(registry).labelValues(model);
        this.waiting = Gauge.builder().name(NUM_REQUESTS_WAITING)
                .help("Number of requests waiting to be processed.")
                .labelNames(MODEL_NAME).register(registry).labelValues(model);
        this.loraInfo = Gauge.builder().name(LORA_REQUESTS_INFO)
                .help("Running stats on lora requests.")
                .labelNames("max_lora", "running_lora_adapters", "waiting_lora_adapters")
                .register(registry);
        running.set(0);
        waiting.set(0);
        onChange(0, 0, List.of(), List.of(), true);
    }

    /**
     * Keeps the gauges live. {@code vllm:lora_requests_info} has one series, whose labels name the
     * adapters running and waiting now and whose value is the unix time they last changed.
     */
    @Override
    public void onChange(int runningNow, int waitingNow, List<String> runningLoras, List<String> waitingLoras,
                         boolean lorasChanged) {
        running.set(runningNow);
        waiting.set(waitingNow);
        if (!lorasChanged) {
            return;
        }
        List<String> labels = List.of(maxLoras, String.join(",", runningLoras), String.join(",", waitingLoras));
        if (loraLabels != null && !loraLabels.equals(labels)) {
            loraInfo.remove(loraLabels.toArray(String[]::new));
        }
        loraLabels = labels;
        loraInfo.labelValues(labels.toArray(String[]::new)).set(System.currentTimeMillis() / 1000.0);
    }
}
