package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimConfigTest {

    @Test
    void summaryNamesEveryEffectiveSettingInFlagOrder() {
        assertThat(config("--model", "m").summary())
                .isEqualTo("--model=m --served-model-name=m "
                        + "--lora-modules=none --max-model-len=1024 --mode=random --seed=" + TestConfigs.TIME_SEED
                        + " --time-to-first-token=0 --inter-token-latency=0 --max-num-seqs=5 --max-loras=1 --max-cpu-loras=1"
                        + " --max-waiting-queue-length=1000 --kv-cache-size=1024 --block-size=16"
                        + " --time-to-first-token-std-dev=0 --inter-token-latency-std-dev=0 --prefill-overhead=0"
                        + " --prefill-time-per-token=0 --prefill-time-std-dev=0 --time-factor-under-load=1"
                        + " --latency-calculator=default"
                        + " --failure-injection-rate=0 --failure-types=rate_limit,invalid_api_key,context_length,"
                        + "server_error,invalid_request,model_not_found"
                        + " --kv-cache-transfer-latency=0 --kv-cache-transfer-latency-std-dev=0"
                        + " --kv-cache-transfer-time-per-token=0 --kv-cache-transfer-time-std-dev=0"
                        + " --max-tool-call-integer-param=100 --min-tool-call-integer-param=0"
                        + " --max-tool-call-number-param=100 --min-tool-call-number-param=0"
                        + " --max-tool-call-array-param-length=5 --min-tool-call-array-param-length=1"
                        + " --tool-call-not-required-param-probability=50"
                        + " --object-tool-call-not-required-field-probability=50"
                        + " --tool-call-extra-call-probability=45 --skip-tool-validation=false"
                        + " --omni=false --image-emission-rate=0 --time-to-generate-image=0"
                        + " --time-to-generate-image-std-dev=0 --mm-encoder-only=false"
                        + " --enable-prefix-caching=true --global-cache-hit-threshold=0"
                        + " --prefix-caching-hash-algo=sha256 --hash-seed=random --enable-prompt-tokens-details=false"
                        + " --kv-events-config=off --event-batch-size=16 --use-vllm-map-event-format=false");
    }

    @Test
    void describeShowsAdaptersAndFractionalMilliseconds() {
        SimConfig config = config(
                "--model",
                "m",
                "--served-model-name",
                "a,b",
                "--lora",
                "x",
                "--lora-modules",
                "y=/p/y",
                "--time-to-first-token",
                "2.5",
                "--inter-token-latency",
                "0.001");

        assertThat(config.describe())
                .containsEntry("served-model-name", "a,b")
                .containsEntry("lora-modules", "x=x y=/p/y")
                .containsEntry("time-to-first-token", "2.5")
                .containsEntry("inter-token-latency", "0.001");
    }

    @Test
    void reportsTheFirstServedName() {
        assertThat(config("--model", "m", "--served-model-name", "x", "y").reportedModelName())
                .isEqualTo("x");
    }

    @Test
    void refusesNoServedName() {
        assertThatThrownBy(() -> new SimConfig(
                        "m",
                        List.of(),
                        List.of(),
                        1024,
                        Mode.ECHO,
                        0,
                        Duration.ZERO,
                        Duration.ZERO,
                        1,
                        1,
                        1,
                        1000,
                        1024,
                        16,
                        LatencyOptions.NONE,
                        FailureOptions.NONE,
                        KvTransferOptions.NONE,
                        ToolCallOptions.DEFAULTS,
                        OmniOptions.NONE,
                        PrefixCacheOptions.DEFAULT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsItsOwnCopyOfTheLists() {
        List<String> names = new ArrayList<>(List.of("m"));
        SimConfig config = new SimConfig(
                "m",
                names,
                List.of(),
                1024,
                Mode.ECHO,
                0,
                Duration.ZERO,
                Duration.ZERO,
                1,
                1,
                1,
                1000,
                1024,
                16,
                LatencyOptions.NONE,
                FailureOptions.NONE,
                KvTransferOptions.NONE,
                ToolCallOptions.DEFAULTS,
                OmniOptions.NONE,
                PrefixCacheOptions.DEFAULT);

        names.add("other");

        assertThat(config.servedModelNames()).containsExactly("m");
    }
}
