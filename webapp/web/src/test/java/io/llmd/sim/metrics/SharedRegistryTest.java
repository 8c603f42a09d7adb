package io.llmd.sim.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.JumpingClock;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.SimConfig;
import io.llmd.sim.core.Simulator;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Engines are values: several record into one registry, each in its own labelled series of the same families. */
class SharedRegistryTest {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final VllmMetrics metrics = new VllmMetrics(registry, 1024);

    @Test
    void scrapesTheSeriesOfTwoEnginesFromOneRegistry() throws InterruptedException {
        Simulator alpha = engine("alpha");
        Simulator beta = engine("beta");

        answer(alpha, "one two three");
        answer(beta, "four five");
        answer(beta, "six");
        alpha.admit(alpha.plan(request(alpha, "alpha", "still running")), 0).awaitStart();

        String text = scrape();
        assertThat(text)
                .containsOnlyOnce("# TYPE vllm:generation_tokens_total counter")
                .contains("vllm:generation_tokens_total{engine=\"0\",model_name=\"alpha\"} 3.0")
                .contains("vllm:generation_tokens_total{engine=\"0\",model_name=\"beta\"} 3.0")
                .contains("vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"alpha\"} 1.0")
                .contains("vllm:request_success_total{engine=\"0\",finished_reason=\"stop\",model_name=\"beta\"} 2.0")
                .contains("vllm:num_requests_running{engine=\"0\",model_name=\"alpha\"} 1.0")
                .contains("vllm:num_requests_running{engine=\"0\",model_name=\"beta\"} 0.0")
                .contains("vllm:e2e_request_latency_seconds_count{engine=\"0\",model_name=\"alpha\"} 1")
                .contains("vllm:e2e_request_latency_seconds_count{engine=\"0\",model_name=\"beta\"} 2")
                .containsOnlyOnce("vllm:cache_config_info{");
    }

    @Test
    void keepsTheAdapterSeriesOfOneEngineWhenAnotherWithTheSameLabelsMovesOn() throws InterruptedException {
        Simulator alpha = engine("alpha", "--lora", "adapter");
        engine("beta");

        alpha.admit(alpha.plan(request(alpha, "adapter", "x y")), 0).awaitStart();

        assertThat(scrape())
                .contains(
                        "vllm:lora_requests_info{max_lora=\"1\",running_lora_adapters=\"adapter\",waiting_lora_adapters=\"\"}")
                .contains(
                        "vllm:lora_requests_info{max_lora=\"1\",running_lora_adapters=\"\",waiting_lora_adapters=\"\"}");
    }

    @Test
    void refusesASecondEngineOfTheSameModelName() {
        engine("alpha");

        assertThatThrownBy(() -> engine("alpha"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An engine of model_name alpha and engine 0 already records its metrics in this registry");
    }

    @Test
    void labelsTheRanksOfOneModelWithTheirEngineIndexAsVllmDoes() throws InterruptedException {
        SimConfig config = ConfigParser.build(
                CommandLine.parse("--model", "m", "--mode", "echo").values(), () -> 1L);
        Simulator rank0 = new Simulator(config, new JumpingClock(), List.of(metrics.engine(config, 0)));
        Simulator rank1 = new Simulator(config, new JumpingClock(), List.of(metrics.engine(config, 1)));

        answer(rank1, "four five");

        assertThat(rank0.config().reportedModelName()).isEqualTo("m");
        assertThat(scrape())
                .contains("vllm:generation_tokens_total{engine=\"0\",model_name=\"m\"} 0.0")
                .contains("vllm:generation_tokens_total{engine=\"1\",model_name=\"m\"} 2.0")
                .contains("vllm:request_success_total{engine=\"1\",finished_reason=\"stop\",model_name=\"m\"} 1.0")
                .contains("vllm:time_to_first_token_seconds_count{engine=\"1\",model_name=\"m\"} 1")
                .containsPattern("vllm:cache_config_info\\{block_size=\"16\",[^}]*engine=\"0\"")
                .containsPattern("vllm:cache_config_info\\{block_size=\"16\",[^}]*engine=\"1\"");
        assertThatThrownBy(() -> metrics.engine(config, 1))
                .hasMessage("An engine of model_name m and engine 1 already records its metrics in this registry");
    }

    private Simulator engine(String model, String... extra) {
        List<String> args = new ArrayList<>(List.of("--model", model, "--mode", "echo"));
        args.addAll(List.of(extra));
        SimConfig config = ConfigParser.build(
                CommandLine.parse(args.toArray(String[]::new)).values(), () -> 1L);
        return new Simulator(config, new JumpingClock(), List.of(metrics.engine(config)));
    }

    private static GenerationRequest request(Simulator engine, String model, String echo) {
        return new GenerationRequest(engine.catalog().resolve(model), "a prompt", echo, null);
    }

    private static void answer(Simulator engine, String echo) throws InterruptedException {
        Run run = engine.admit(engine.plan(request(engine, engine.config().reportedModelName(), echo)), 0);
        run.awaitStart();
        run.awaitAnswer();
        run.finish();
    }

    private String scrape() {
        return PrometheusTextFormatWriter.create().toDebugString(registry.scrape());
    }
}
