package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Go simulator's command-line forms and the rules of its flags. */
class GoSimulatorFlagsTest {

    private static SimOptions options(String... args) {
        return ConfigParser.parse(CommandLine.parse(args).values(), () -> 1L, null);
    }

    @Test
    void aSwitchIsTurnedOffByItsNoForm() {
        assertThat(CommandLine.parse("--no-omni").values()).containsEntry(Flag.OMNI, "false");
        assertThat(CommandLine.parse("--no-enforce-eager", "--model", "m").values())
                .containsEntry(Flag.ENFORCE_EAGER, "false")
                .containsEntry(Flag.MODEL, "m");
        assertThat(options("--model", "m", "--omni", "--no-log-requests")
                        .server()
                        .logRequests())
                .isFalse();
    }

    @Test
    void theNoFormIsOnlyForSwitches() {
        assertThatThrownBy(() -> CommandLine.parse("--no-model", "m"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--no-model: unknown flag");
        assertThatThrownBy(() -> CommandLine.parse("--omni", "--no-omni"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--omni: given more than once");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"-v|5|", "-v=5||", "--v|5|", "--v=5||"})
    void klogsVerbosityTakesOneDashOrTwo(String flag, String value, String none) {
        String[] args =
                value == null ? new String[] {flag, "--model", "m"} : new String[] {flag, value, "--model", "m"};
        assertThat(CommandLine.parse(args).values()).containsEntry(Flag.V, "5").containsEntry(Flag.MODEL, "m");
    }

    @Test
    void aShortFlagEndsTheValuesOfAListFlag() {
        assertThat(CommandLine.parse("--served-model-name", "a", "b", "-v", "3").values())
                .containsEntry(Flag.SERVED_MODEL_NAME, "a b")
                .containsEntry(Flag.V, "3");
    }

    @Test
    void engineKnobsAreAcceptedAndNamedInOneWarning() {
        ConfigSources sources = new ConfigSources(
                CommandLine.parse(
                                "--model",
                                "m",
                                "--tensor-parallel-size",
                                "4",
                                "--enforce-eager",
                                "--dtype",
                                "bfloat16",
                                "-v",
                                "5")
                        .values(),
                Map.of(Flag.GPU_MEMORY_UTILIZATION, "0.8"),
                Map.of());

        assertThat(sources.warnings())
                .containsExactly("Ignored, as they tune a real engine and mean nothing to this simulator: "
                        + "--enforce-eager=true --tensor-parallel-size=4 --gpu-memory-utilization=0.8 "
                        + "--dtype=bfloat16 --v=5");
        assertThat(ConfigParser.parse(sources.values(), () -> TestConfigs.TIME_SEED, null)
                        .engine())
                .isEqualTo(config("--model", "m"));
    }

    @Test
    void commonVllmServeFlagsAreAcceptedAsVllmParsesThem() {
        ConfigSources sources = new ConfigSources(
                CommandLine.parse(
                                "--model",
                                "m",
                                "--disable-uvicorn-access-log",
                                "--uvicorn-log-level",
                                "warning",
                                "--enable-expert-parallel",
                                "--data-parallel-size-local",
                                "2",
                                "--data-parallel-address",
                                "10.0.0.1",
                                "--data-parallel-rpc-port",
                                "13345",
                                "--api-server-count",
                                "2",
                                "--compilation-config",
                                "{\"level\": 3}",
                                "--limit-mm-per-prompt",
                                "{\"image\": 2}",
                                "--max-log-len",
                                "100",
                                "--tokenizer-mode",
                                "slow",
                                "--hf-token",
                                "hf_secret",
                                "--swap-space",
                                "8",
                                "--quantization",
                                "fp8",
                                "--kv-cache-dtype",
                                "fp8",
                                "--no-enable-chunked-prefill",
                                "--max-num-batched-tokens",
                                "8192",
                                "--disable-log-stats")
                        .values(),
                Map.of(),
                Map.of());

        assertThat(sources.warnings())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .contains("--disable-uvicorn-access-log=true", "--uvicorn-log-level=warning")
                        .contains("--enable-expert-parallel=true", "--data-parallel-size-local=2")
                        .contains("--data-parallel-address=10.0.0.1", "--data-parallel-rpc-port=13345")
                        .contains("--api-server-count=2", "--compilation-config={\"level\": 3}")
                        .contains("--limit-mm-per-prompt={\"image\": 2}", "--max-log-len=100", "--tokenizer-mode=slow")
                        .contains("--hf-token=(set)", "--swap-space=8", "--quantization=fp8", "--kv-cache-dtype=fp8")
                        .contains("--enable-chunked-prefill=false", "--max-num-batched-tokens=8192")
                        .contains("--disable-log-stats=true")
                        .doesNotContain("hf_secret"));
        assertThat(ConfigParser.parse(sources.values(), () -> TestConfigs.TIME_SEED, null)
                        .engine())
                .isEqualTo(config("--model", "m"));
    }

    @Test
    void disableLogRequestsTurnsTheRequestLogOffWithoutAWarning() {
        ConfigSources sources = new ConfigSources(
                CommandLine.parse("--model", "m", "--enable-log-requests", "--disable-log-requests")
                        .values(),
                Map.of(),
                Map.of());

        assertThat(sources.warnings()).isEmpty();
        assertThat(ConfigParser.parse(sources.values(), () -> 1L, null).server().logRequests())
                .isFalse();
        assertThat(ConfigParser.parse(
                                CommandLine.parse("--model", "m", "--log-requests", "--no-disable-log-requests")
                                        .values(),
                                () -> 1L,
                                null)
                        .server()
                        .logRequests())
                .isTrue();
    }

    @Test
    void theExtraCallProbabilityIsSimulatedWithoutAWarning() {
        ConfigSources sources = new ConfigSources(
                Map.of(Flag.MODEL, "m", Flag.TOOL_CALL_EXTRA_CALL_PROBABILITY, "70"), Map.of(), Map.of());

        assertThat(sources.warnings()).isEmpty();
        assertThat(config("--model", "m", "--tool-call-extra-call-probability", "70")
                        .toolCalls()
                        .extraCallPercent())
                .isEqualTo(70.0);
        assertThat(config("--model", "m").toolCalls().extraCallPercent()).isEqualTo(45.0);
    }

    @Test
    void withoutEngineKnobsThereIsNoWarning() {
        assertThat(new ConfigSources(Map.of(Flag.MODEL, "m"), Map.of(), Map.of()).warnings())
                .isEmpty();
    }

    @Test
    void encoderOnlyModeIsRefusedWithAClearLine() {
        assertThatThrownBy(() -> options("--model", "m", "--mm-encoder-only"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--mm-encoder-only: is not supported: this simulator has no encoder-only mode "
                        + "(no ec_transfer_params); start it without --mm-encoder-only");
        assertThat(options("--model", "m", "--no-mm-encoder-only").engine().omni())
                .isEqualTo(OmniOptions.NONE);
    }

    @Test
    void aMadeCertificateExcludesGivenFiles() {
        assertThatThrownBy(() -> options(
                        "--model", "m", "--self-signed-certs", "--ssl-certfile", "/c.pem", "--ssl-keyfile", "/k.pem"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--self-signed-certs: cannot be used with --ssl-certfile and --ssl-keyfile");
        ServerOptions server = options("--model", "m", "--self-signed-certs").server();
        assertThat(server.tls()).isTrue();
        assertThat(server.sslCertFile()).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "min-tool-call-integer-param, 10, max-tool-call-integer-param, 9, '--max-tool-call-integer-param: must be at least --min-tool-call-integer-param (10), not 9'",
        "min-tool-call-number-param, 1.5, max-tool-call-number-param, 1, '--max-tool-call-number-param: must be at least --min-tool-call-number-param (1.5), not 1'",
        "min-tool-call-array-param-length, 3, max-tool-call-array-param-length, 2, '--max-tool-call-array-param-length: must be at least --min-tool-call-array-param-length (3), not 2'"
    })
    void eachToolCallMinimumIsAtMostItsMaximum(String min, String low, String max, String high, String message) {
        assertThatThrownBy(() -> options("--model", "m", "--" + min, low, "--" + max, high))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }

    @Test
    void toolCallFlagsReadIntoTheirSection() {
        ToolCallOptions tools = options(
                        "--model",
                        "m",
                        "--min-tool-call-integer-param",
                        "-5",
                        "--max-tool-call-integer-param",
                        "5",
                        "--min-tool-call-number-param",
                        "0.5",
                        "--max-tool-call-number-param",
                        "0.75",
                        "--min-tool-call-array-param-length",
                        "0",
                        "--max-tool-call-array-param-length",
                        "2",
                        "--tool-call-not-required-param-probability",
                        "0",
                        "--object-tool-call-not-required-field-probability",
                        "100",
                        "--tool-call-extra-call-probability",
                        "0",
                        "--skip-tool-validation")
                .engine()
                .toolCalls();
        assertThat(tools).isEqualTo(new ToolCallOptions(-5, 5, 0.5, 0.75, 0, 2, 0, 100, 0, true));
        assertThat(options("--model", "m").engine().toolCalls()).isEqualTo(ToolCallOptions.DEFAULTS);
    }

    @Test
    void anImagesTimeJitterStaysWithin30Percent() {
        assertThatThrownBy(() -> options(
                        "--model", "m", "--time-to-generate-image", "1s", "--time-to-generate-image-std-dev", "301ms"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(
                        "--time-to-generate-image-std-dev: must be at most 30% of --time-to-generate-image");
        assertThat(options(
                                "--model",
                                "m",
                                "--omni",
                                "--image-emission-rate",
                                "25",
                                "--time-to-generate-image",
                                "1s",
                                "--time-to-generate-image-std-dev",
                                "300ms")
                        .engine()
                        .omni())
                .isEqualTo(
                        new OmniOptions(true, 25, java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(300)));
    }

    @Test
    void theLatencyCalculatorIsOneOfThree() {
        assertThat(options("--model", "m", "--latency-calculator", "constant")
                        .engine()
                        .latency()
                        .calculator())
                .isEqualTo(LatencyCalculator.CONSTANT);
        assertThat(options("--model", "m", "--latency-calculator=")
                        .engine()
                        .latency()
                        .calculator())
                .isEqualTo(LatencyCalculator.DEFAULT);
        assertThatThrownBy(() -> options("--model", "m", "--latency-calculator", "fast"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--latency-calculator: must be 'constant', 'per-token' or 'default', not 'fast'");
    }
}
