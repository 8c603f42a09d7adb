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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** vLLM's prefix-cache metrics: queries and hits in tokens, as the answers' usage reports them; usage in blocks held. */
class PrefixCacheMetricsTest {
    private static final String PREFIX =
            IntStream.range(0, 32).mapToObj(i -> " t" + i).collect(Collectors.joining());

    private final JumpingClock clock = new JumpingClock();
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private Simulator simulator(String... extra) {
        List<String> args = new java.util.ArrayList<>(
                List.of("--model", "m", "--kv-cache-size", "100", "--block-size", "16", "--seed", "1"));
        args.addAll(List.of(extra));
        SimConfig config = ConfigParser.build(
                CommandLine.parse(args.toArray(String[]::new)).values(), () -> 1L);
        return new Simulator(config, clock, List.of(new VllmMetrics(registry, config.maxModelLen()).engine(config)));
    }

    private Run start(Simulator simulator, String prompt) throws InterruptedException {
        Run run = simulator.admit(
                simulator.plan(new GenerationRequest(simulator.catalog().resolve("m"), prompt, "", 1)),
                clock.nanoTime());
        run.awaitStart();
        return run;
    }

    @Test
    void queriesAndHitsCountTheTokensThatUsageReports() throws Exception {
        Simulator simulator = simulator();

        Run first = start(simulator, PREFIX + " one");
        assertThat(metric("vllm:kv_cache_usage_perc"))
                .as("3 of 100 blocks held")
                .isEqualTo(0.03);
        first.awaitAnswer();
        first.finish();
        Run second = start(simulator, PREFIX + " two and three");
        second.awaitAnswer();
        second.finish();

        assertThat(first.cachedTokens()).isZero();
        assertThat(second.cachedTokens()).isEqualTo(32);
        assertThat(metric("vllm:prefix_cache_queries_total")).isEqualTo(33 + 35);
        assertThat(metric("vllm:prefix_cache_hits_total")).isEqualTo(32);
        assertThat(metric("vllm:kv_cache_usage_perc"))
                .as("cached blocks no request holds are free")
                .isZero();
        assertThat(scrape()).contains("enable_prefix_caching=\"True\"");
    }

    @Test
    void withoutPrefixCachingNothingIsQueried() throws Exception {
        Simulator simulator = simulator("--no-enable-prefix-caching");

        Run run = start(simulator, PREFIX);
        run.awaitAnswer();
        run.finish();

        assertThat(metric("vllm:prefix_cache_queries_total")).isZero();
        assertThat(scrape()).contains("enable_prefix_caching=\"False\"");
    }

    private double metric(String name) throws IOException {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*\\} (\\S+)$")
                .matcher(scrape());
        assertThat(matcher.find()).as(name).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private String scrape() throws IOException {
        return PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
    }
}
