package io.llmd.sim.metrics;

import io.llmd.sim.core.FakeGauges;
import io.llmd.sim.core.FakeMetrics;
import io.llmd.sim.core.SimConfig;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * One engine's metrics in fake mode ({@code --fake-metrics}): the gauges take the fake values at
 * each scrape, the histograms hold the given bucket counts, the counters start at the given values,
 * and {@code vllm:lora_requests_info} shows the given series. Real traffic touches none of these
 * (the engine is not given {@link EngineMetrics} as a listener in fake mode), unlike the Go
 * simulator, which still counts tokens and successes into them.
 */
public final class FakeMetricsRecorder {
    private final VllmMetrics families;
    private final String model;
    private final String engine;
    private final String maxLoras;
    private final FakeGauges fake;

    /** The fake metrics of an engine without data-parallel ranks (engine 0). */
    public FakeMetricsRecorder(VllmMetrics families, SimConfig config, FakeGauges fake) {
        this(families, config, 0, fake);
    }

    /**
     * Creates every series of the engine (at zero), then applies the fake object.
     *
     * @param engineIndex the data-parallel rank the engine is, its {@code engine} label
     */
    public FakeMetricsRecorder(VllmMetrics families, SimConfig config, int engineIndex, FakeGauges fake) {
        this.families = families;
        this.model = config.reportedModelName();
        this.engine = Integer.toString(engineIndex);
        this.maxLoras = Integer.toString(config.maxLoras());
        this.fake = fake;
        families.engine(config, engineIndex);
        apply();
    }

    /** Sets the gauges to their fake values now; called before each scrape. */
    public void refresh() {
        set(families.running, fake.running());
        set(families.waiting, fake.waiting());
        set(families.kvCacheUsage, fake.kvCacheUsage());
    }

    /**
     * Puts the fake object into the histograms, counters and LoRA series: each one it names is
     * made anew (what it held before is dropped), the others stay as they are.
     */
    public synchronized void apply() {
        FakeMetrics metrics = fake.metrics();
        Map<String, List<Long>> buckets = metrics.buckets();
        histogram(families.ttft, VllmMetrics.TTFT_BUCKETS, buckets.get("ttft-buckets-values"));
        histogram(families.interTokenLatency, VllmMetrics.TOKEN_LATENCY_BUCKETS, buckets.get("tpot-buckets-values"));
        histogram(
                families.timePerOutputToken,
                VllmMetrics.TOKEN_LATENCY_BUCKETS,
                buckets.get("request-tpot-buckets-values"));
        histogram(families.e2e, VllmMetrics.REQUEST_LATENCY_BUCKETS, buckets.get("e2erl-buckets-values"));
        histogram(families.queueTime, VllmMetrics.REQUEST_LATENCY_BUCKETS, buckets.get("queue-time-buckets-values"));
        histogram(families.inferenceTime, VllmMetrics.REQUEST_LATENCY_BUCKETS, buckets.get("inf-time-buckets-values"));
        histogram(
                families.prefillTime, VllmMetrics.REQUEST_LATENCY_BUCKETS, buckets.get("prefill-time-buckets-values"));
        histogram(families.decodeTime, VllmMetrics.REQUEST_LATENCY_BUCKETS, buckets.get("decode-time-buckets-values"));
        List<Long> prompt = buckets.get("request-prompt-tokens");
        List<Long> generation = buckets.get("request-generation-tokens");
        histogram(families.promptTokensHistogram, families.tokenBuckets, prompt);
        histogram(families.generationTokensHistogram, families.tokenBuckets, generation);
        histogram(families.paramsMaxTokens, families.tokenBuckets, buckets.get("request-params-max-tokens"));
        histogram(families.maxNumGenerationTokens, families.tokenBuckets, buckets.get("request-max-generation-tokens"));

        Map<String, Long> counters = metrics.counters();
        counter(families.promptTokens, total(counters.get("total-prompt-tokens"), prompt, families.tokenBuckets));
        counter(
                families.generationTokens,
                total(counters.get("total-generation-tokens"), generation, families.tokenBuckets));
        counter(families.prefixCacheHits, counters.get("prefix-cache-hits"));
        counter(families.prefixCacheQueries, counters.get("prefix-cache-queries"));
        metrics.requestSuccess().forEach((reason, count) -> {
            families.requestSuccess.remove(model, engine, reason);
            families.requestSuccess.labelValues(model, engine, reason).inc(count);
        });
        if (metrics.loras() != null) {
            loras(metrics.loras());
        }
        refresh();
    }

    private void loras(List<FakeMetrics.Lora> loras) {
        Map<List<String>, Double> series = new LinkedHashMap<>();
        double now = System.currentTimeMillis() / 1000.0;
        if (loras.isEmpty()) {
            series.put(List.of(maxLoras, "", ""), now);
        }
        for (FakeMetrics.Lora lora : loras) {
            series.put(
                    List.of(maxLoras, lora.running(), lora.waiting()),
                    Double.isNaN(lora.timestamp()) ? now : lora.timestamp());
        }
        families.replaceLoraSeries(series);
    }

    private void set(io.prometheus.metrics.core.metrics.Gauge gauge, OptionalDouble value) {
        if (value.isPresent()) {
            gauge.labelValues(model, engine).set(value.getAsDouble());
        }
    }

    /**
     * Observes, for bucket i, its count of samples at the bucket's upper bound (the +Inf bucket's at
     * the last bound + 1; counts beyond the buckets go to +Inf too), as the Go simulator realises them.
     */
    private void histogram(Histogram family, double[] bounds, @Nullable List<Long> counts) {
        if (counts == null) {
            return;
        }
        family.remove(model, engine);
        DistributionDataPoint point = family.labelValues(model, engine);
        for (int i = 0; i < counts.size(); i++) {
            double sample = sampleOf(bounds, i);
            for (long n = counts.get(i); n > 0; n--) {
                point.observe(sample);
            }
        }
    }

    private static double sampleOf(double[] bounds, int bucket) {
        if (bounds.length == 0) {
            return 1;
        }
        return bucket < bounds.length ? bounds[bucket] : bounds[bounds.length - 1] + 1;
    }

    /** A given total, or the one the histogram's counts imply (each sample at its bucket's bound). */
    private static @Nullable Long total(@Nullable Long given, @Nullable List<Long> counts, double[] bounds) {
        if (given != null || counts == null) {
            return given;
        }
        long total = 0;
        for (int i = 0; i < counts.size(); i++) {
            total += counts.get(i) * (long) sampleOf(bounds, i);
        }
        return total;
    }

    private void counter(Counter family, @Nullable Long start) {
        if (start == null) {
            return;
        }
        family.remove(model, engine);
        family.labelValues(model, engine).inc(start);
    }
}
