package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimOptionsTest {

    private static SimOptions parse(String... args) {
        return ConfigParser.parse(CommandLine.parse(args).values(), () -> 1L, null);
    }

    private static ConfigException refusal(String... args) {
        try {
            parse(args);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    @Test
    void oneParseReturnsEverySection() {
        SimOptions options = parse(
                "--model",
                "m",
                "--port",
                "9000",
                "--max-num-seqs",
                "3",
                "--shutdown-timeout",
                "7",
                "--enable-request-id-headers",
                "--time-to-first-token-std-dev",
                "0",
                "--failure-injection-rate",
                "5",
                "--kv-cache-transfer-latency",
                "20");

        assertThat(options.engine().maxNumSeqs()).isEqualTo(3);
        assertThat(options.engine().failures().rate()).isEqualTo(5);
        assertThat(options.engine().kvTransfer().latency()).isEqualTo(Duration.ofMillis(20));
        assertThat(options.server().port()).isEqualTo(9000);
        assertThat(options.server().shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(options.api().requestIdHeaders()).isTrue();
    }

    @Test
    void reportsEveryBadValueAtOnceInFlagOrderOnePerLine() {
        ConfigException e = refusal(
                "--model",
                "m",
                "--port",
                "70000",
                "--mode",
                "loud",
                "--max-num-seqs",
                "lots",
                "--shutdown-timeout",
                "-1",
                "--enable-request-id-headers",
                "maybe",
                "--failure-injection-rate",
                "101");

        assertThat(e.refusals())
                .extracting(ConfigException::getMessage)
                .containsExactly(
                        "--port: must be between 0 and 65535, not 70000",
                        "--mode: must be 'echo' or 'random', not 'loud'",
                        "--max-num-seqs: 'lots' is not a number",
                        "--shutdown-timeout: must not be negative, not -1",
                        "--enable-request-id-headers: 'maybe' is not true or false",
                        "--failure-injection-rate: must be a percentage between 0 and 100, not 101");
        assertThat(e.getMessage().lines()).hasSize(6);
        assertThat(e.flag()).isEqualTo("port");
    }

    @Test
    void reportsTheRulesBetweenFlagsWithTheBadValues() {
        ConfigException e = refusal(
                "--max-loras",
                "3",
                "--max-cpu-loras",
                "2",
                "--ssl-certfile",
                "/c.pem",
                "--inter-token-latency-std-dev",
                "1",
                "--block-size",
                "none");

        assertThat(e.refusals())
                .extracting(ConfigException::flag)
                .containsExactly("block-size", "model", "max-cpu-loras", "inter-token-latency-std-dev", "ssl-keyfile");
    }

    @Test
    void eachMistakeIsReportedOnceOnItsOwnFlag() {
        assertThat(refusal("--model", "m", "--time-to-first-token=-5", "--time-to-first-token-std-dev", "1")
                        .refusals())
                .extracting(ConfigException::flag)
                .containsExactly("time-to-first-token");
        assertThat(refusal("--model", "m", "--max-loras", "x", "--max-cpu-loras", "1")
                        .refusals())
                .extracting(ConfigException::flag)
                .containsExactly("max-loras");
        assertThat(refusal("--model", "m", "--max-model-len", "x", "--kv-cache-size", "1")
                        .refusals())
                .extracting(ConfigException::flag)
                .containsExactly("max-model-len");
        assertThat(refusal("--model", "m", "--lora", "a,b", "--lora-modules", "a=/a b=/b")
                        .refusals())
                .extracting(ConfigException::getMessage)
                .containsExactly("--lora-modules: the name 'a' is used twice");
    }

    @Test
    void aBadRequestIdHeaderSwitchIsRefusedLikeEveryOtherFlag() {
        assertThat(refusal("--model", "m", "--enable-request-id-headers", "sometimes")
                        .getMessage())
                .isEqualTo("--enable-request-id-headers: 'sometimes' is not true or false");
    }

    @Test
    void theApiKeyFallsBackToVllmsVariable() {
        Map<Flag, String> values = Map.of(Flag.MODEL, "m");

        assertThat(ConfigParser.parse(values, () -> 1L, " secret ").api().apiKey())
                .isEqualTo("secret");
        assertThat(ConfigParser.parse(Map.of(Flag.MODEL, "m", Flag.API_KEY, "mine"), () -> 1L, "secret")
                        .api()
                        .apiKey())
                .isEqualTo("mine");
        assertThat(ConfigParser.parse(values, () -> 1L, null).api().apiKey()).isNull();
    }

    @Test
    void theBuilderGivesWhatTheSameCommandLineGives() {
        SimOptions built = SimOptions.builder()
                .model("m")
                .servedModelNames("a", "b")
                .maxModelLen(2048)
                .mode(Mode.ECHO)
                .seed(7)
                .timeToFirstToken(Duration.ofNanos(1_500_001))
                .interTokenLatency(Duration.ofMillis(20))
                .maxNumSeqs(4)
                .maxWaitingQueueLength(9)
                .kvCacheSize(512)
                .blockSize(32)
                .failureInjectionRate(2.5)
                .port(0)
                .host("127.0.0.1")
                .shutdownTimeout(Duration.ofSeconds(3))
                .logRequests(true)
                .apiKey("k")
                .requestIdHeaders(true)
                .set(Flag.LORA_MODULES, "x=/p/x")
                .build();

        SimOptions typed = parse(
                "--model",
                "m",
                "--served-model-name",
                "a",
                "b",
                "--max-model-len",
                "2048",
                "--mode",
                "echo",
                "--seed",
                "7",
                "--time-to-first-token",
                "1.500001",
                "--inter-token-latency",
                "20",
                "--max-num-seqs",
                "4",
                "--max-waiting-queue-length",
                "9",
                "--kv-cache-size",
                "512",
                "--block-size",
                "32",
                "--failure-injection-rate",
                "2.5",
                "--port",
                "0",
                "--host",
                "127.0.0.1",
                "--shutdown-timeout",
                "3",
                "--log-requests",
                "--api-key",
                "k",
                "--enable-request-id-headers",
                "--lora-modules",
                "x=/p/x");
        assertThat(built).isEqualTo(typed);
        assertThat(built.engine().timeToFirstToken()).isEqualTo(Duration.ofNanos(1_500_001));
    }

    @Test
    void theBuilderStartsFromTheDefaultsAndSeedsFromTheTimeItIsGiven() {
        SimOptions options = SimOptions.builder().model("m").timeSeed(() -> 42L).build();

        assertThat(options).isEqualTo(parse("--model", "m", "--seed", "42"));
        assertThat(options.server().port()).isEqualTo(8000);
        assertThat(options.engine().maxNumSeqs()).isEqualTo(5);
    }

    @Test
    void theBuilderRefusesAsTheCommandLineDoesNamingEveryFlag() {
        assertThatThrownBy(() -> SimOptions.builder().maxNumSeqs(0).blockSize(0).build())
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.refusals())
                                .extracting(ConfigException::getMessage)
                                .containsExactly(
                                        "--max-num-seqs: must be at least 1, not 0",
                                        "--block-size: must be between 1 and 65536, not 0",
                                        "--model: is required (the model to simulate)"));
    }

    @Test
    void describesEverySectionForTheStartUpLog() {
        Map<String, String> described = parse("--model", "m", "--api-key", "k").describe();

        assertThat(described)
                .containsEntry("model", "m")
                .containsEntry("port", "8000")
                .containsEntry("shutdown-timeout", "30")
                .containsEntry("api-key", "(set)")
                .containsEntry("kv-cache-transfer-latency", "0");
        assertThat(described.keySet())
                .allSatisfy(name -> assertThat(Flag.byName(name)).as(name).isPresent());
    }
}
