package io.llmd.sim.metrics;

import io.llmd.sim.core.EngineListener;
import io.llmd.sim.core.RequestTrace;
import io.llmd.sim.core.SimConfig;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One engine's vLLM metrics: its children of the {@link VllmMetrics} families, labelled with its
 * served model name and engine index, kept up to date from the engine's events. Latencies are the ones clients
 * experienced: a token counts when it was written out. An adapter of the engine's events port:
 * the core knows nothing of Prometheus.
 */
public final class EngineMetrics implements EngineListener {
    private static final String[] FINISHED_REASONS = {"stop", "length", "abort"};

    private final VllmMetrics families;
    private final String model;
    /** vLLM's {@code engine} label: the data-parallel rank. */
    private final String engine;

    private final String maxLoras;
    private final double kvCacheBlocks;
    private final GaugeDataPoint running;
    private final GaugeDataPoint waiting;
    private final GaugeDataPoint kvCacheUsage;
    private final CounterDataPoint promptTokens;
    private final CounterDataPoint generationTokens;
    private final CounterDataPoint preemptions;
    private final CounterDataPoint prefixCacheQueries;
    private final CounterDataPoint prefixCacheHits;
    private final DistributionDataPoint ttft;
    private final DistributionDataPoint interTokenLatency;
    private final DistributionDataPoint timePerOutputToken;
    private final DistributionDataPoint e2e;
    private final DistributionDataPoint queueTime;
    private final DistributionDataPoint inferenceTime;
    private final DistributionDataPoint prefillTime;
    private final DistributionDataPoint decodeTime;
    private final DistributionDataPoint promptTokensHistogram;
    private final DistributionDataPoint generationTokensHistogram;
    private final DistributionDataPoint paramsMaxTokens;
    private final DistributionDataPoint maxNumGenerationTokens;
    private final DistributionDataPoint paramsN;
    private final DistributionDataPoint iterationTokens;
    /** The labels of this engine's {@code vllm:lora_requests_info} series; null before the first. */
    private @Nullable List<String> loraLabels;

    EngineMetrics(VllmMetrics families, SimConfig config, String engine) {
        this.families = families;
        this.model = config.reportedModelName();
        this.engine = engine;
        this.maxLoras = Integer.toString(config.maxLoras());
        this.kvCacheBlocks = config.kvCacheBlocks();
        running = families.running.labelValues(model, engine);
        waiting = families.waiting.labelValues(model, engine);
        kvCacheUsage = families.kvCacheUsage.labelValues(model, engine);
        families.cacheConfigInfo
                .labelValues(
                        Integer.toString(config.blockSize()),
                        "auto",
                        config.prefixCache().enabled() ? "True" : "False",
                        "0.9",
                        "0",
                        Integer.toString(config.kvCacheBlocks()),
                        "4",
                        engine)
                .set(1);

        promptTokens = zero(families.promptTokens);
        generationTokens = zero(families.generationTokens);
        for (String reason : FINISHED_REASONS) {
            families.requestSuccess.labelValues(model, engine, reason);
        }
        preemptions = zero(families.preemptions);
        prefixCacheQueries = zero(families.prefixCacheQueries);
        prefixCacheHits = zero(families.prefixCacheHits);

        ttft = families.ttft.labelValues(model, engine);
        interTokenLatency = families.interTokenLatency.labelValues(model, engine);
        timePerOutputToken = families.timePerOutputToken.labelValues(model, engine);
        e2e = families.e2e.labelValues(model, engine);
        queueTime = families.queueTime.labelValues(model, engine);
        inferenceTime = families.inferenceTime.labelValues(model, engine);
        prefillTime = families.prefillTime.labelValues(model, engine);
        decodeTime = families.decodeTime.labelValues(model, engine);
        promptTokensHistogram = families.promptTokensHistogram.labelValues(model, engine);
        generationTokensHistogram = families.generationTokensHistogram.labelValues(model, engine);
        paramsMaxTokens = families.paramsMaxTokens.labelValues(model, engine);
        maxNumGenerationTokens = families.maxNumGenerationTokens.labelValues(model, engine);
        paramsN = families.paramsN.labelValues(model, engine);
        iterationTokens = families.iterationTokens.labelValues(model, engine);

        running.set(0);
        waiting.set(0);
        kvCacheUsage.set(0);
        onChange(0, 0, List.of(), List.of(), true, 0);
    }

    /**
     * Keeps the gauges live. {@code vllm:lora_requests_info} has one series, whose labels name the
     * adapters running and waiting now and whose value is the unix time they last changed.
     */
    @Override
    public void onChange(
            int runningNow,
            int waitingNow,
            List<String> runningLoras,
            List<String> waitingLoras,
            boolean lorasChanged,
            int usedBlocks) {
        running.set(runningNow);
        waiting.set(waitingNow);
        kvCacheUsage.set(usedBlocks / kvCacheBlocks);
        if (!lorasChanged) {
            return;
        }
        List<String> labels = List.of(maxLoras, String.join(",", runningLoras), String.join(",", waitingLoras));
        families.moveLoraSeries(loraLabels, labels, System.currentTimeMillis() / 1000.0);
        loraLabels = labels;
    }

    @Override
    public void onPreemption() {
        preemptions.inc();
    }

    /** A request's prefill is done: its prompt counts as processed. */
    @Override
    public void onPrefilled(int promptTokenCount) {
        promptTokens.inc(promptTokenCount);
        iterationTokens.observe(promptTokenCount + 1);
    }

    /**
     * A request first started and looked its prompt up in the prefix cache: vLLM counts the
     * prompt's tokens as queried and its cached ones as hits (a preempted request's restart is not counted).
     */
    @Override
    public void onPrefixCacheQuery(int promptTokenCount, int cachedTokens) {
        prefixCacheQueries.inc(promptTokenCount);
        prefixCacheHits.inc(cachedTokens);
    }

    /** A step's {@code tokens} went out {@code gapNanos} after the step before (the first has no gap). */
    @Override
    public void onTokensDelivered(long gapNanos, boolean first, int tokens) {
        generationTokens.inc(tokens);
        if (!first) {
            interTokenLatency.observe(gapNanos / 1e9);
            iterationTokens.observe(tokens);
        }
    }

    /** A request ended: the per-request histograms and the success counter. */
    @Override
    public void onRequestEnded(RequestTrace trace) {
        families.requestSuccess
                .labelValues(model, engine, trace.finishedReason())
                .inc();
        e2e.observe(seconds(trace.end() - trace.arrival()));
        promptTokensHistogram.observe(trace.promptTokens());
        generationTokensHistogram.observe(trace.generated());
        maxNumGenerationTokens.observe(trace.maxChoiceTokens());
        paramsMaxTokens.observe(trace.maxTokens());
        paramsN.observe(trace.n());
        if (!trace.started()) {
            return;
        }
        queueTime.observe(seconds(trace.firstStart() - trace.arrival()));
        if (!trace.producedTokens()) {
            return;
        }
        ttft.observe(seconds(trace.firstToken() - trace.arrival()));
        prefillTime.observe(seconds(trace.firstToken() - trace.firstStart()));
        decodeTime.observe(seconds(trace.lastToken() - trace.firstToken()));
        inferenceTime.observe(seconds(trace.lastToken() - trace.firstStart()));
        if (trace.maxChoiceTokens() > 1) {
            timePerOutputToken.observe(seconds(trace.lastToken() - trace.firstToken()) / (trace.maxChoiceTokens() - 1));
        }
    }

    private CounterDataPoint zero(Counter family) {
        CounterDataPoint point = family.labelValues(model, engine);
        point.inc(0);
        return point;
    }

    private static double seconds(long nanos) {
        return Math.max(0, nanos) / 1e9;
    }
}
