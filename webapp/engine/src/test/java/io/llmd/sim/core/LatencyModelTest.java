package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The latency model's values and distributions, sampled many times; nothing sleeps. */
class LatencyModelTest {
    private static final int SAMPLES = 20_000;

    private static LatencyModel model(String... flags) {
        return model(new AtomicInteger(1), flags);
    }

    private static LatencyModel model(AtomicInteger running, String... flags) {
        String[] args = new String[flags.length + 4];
        args[0] = "--model";
        args[1] = "m";
        args[2] = "--seed";
        args[3] = "11";
        System.arraycopy(flags, 0, args, 4, flags.length);
        SimConfig config = config(args);
        return new LatencyModel(config, new SeededRandom(config.seed()), running::get);
    }

    private static double ms(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    /** Mean and standard deviation of samples, in ms. */
    private record Spread(double mean, double stdDev, double min, double max) {
        static Spread of(double[] samples) {
            double sum = 0;
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double sample : samples) {
                sum += sample;
                min = Math.min(min, sample);
                max = Math.max(max, sample);
            }
            double mean = sum / samples.length;
            double squares = 0;
            for (double sample : samples) {
                squares += (sample - mean) * (sample - mean);
            }
            return new Spread(mean, Math.sqrt(squares / (samples.length - 1)), min, max);
        }
    }

    @Test
    void withoutJitterEveryDelayIsTheConfiguredConstant() {
        LatencyModel latency = model("--time-to-first-token", "100", "--inter-token-latency", "10");

        for (int i = 0; i < 100; i++) {
            assertThat(latency.firstToken(i * 7, 1)).isEqualTo(Duration.ofMillis(100));
            assertThat(latency.interToken(1)).isEqualTo(Duration.ofMillis(10));
        }
    }

    @Test
    void withoutJitterNothingIsDrawnFromTheSeededGenerator() {
        SimConfig config =
                config("--model", "m", "--seed", "3", "--time-to-first-token", "100", "--inter-token-latency", "10");
        SeededRandom random = new SeededRandom(3);
        LatencyModel latency = new LatencyModel(config, random, () -> 1);

        latency.firstToken(10, 1);
        latency.interToken(1);

        assertThat(random.hex(16)).as("answers and ids replay as before").isEqualTo(new SeededRandom(3).hex(16));
    }

    @Test
    void firstTokenJitterIsNormalAroundTheBaseWithTheGivenSpread() {
        LatencyModel latency = model("--time-to-first-token", "100", "--time-to-first-token-std-dev", "20");
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = ms(latency.firstToken(5, 1));
        }
        Spread spread = Spread.of(samples);

        assertThat(spread.mean()).isCloseTo(100, within(1.0));
        assertThat(spread.stdDev()).isCloseTo(20, within(1.0));
        assertThat(spread.min()).isGreaterThanOrEqualTo(30);
        assertThat(spread.max()).isLessThanOrEqualTo(170);
        long withinOneSigma =
                Arrays.stream(samples).filter(s -> Math.abs(s - 100) <= 20).count();
        assertThat(withinOneSigma / (double) SAMPLES)
                .as("a normal distribution's share within one sigma")
                .isCloseTo(0.683, within(0.02));
    }

    @Test
    void interTokenJitterIsNormalAroundTheBaseWithTheGivenSpread() {
        LatencyModel latency = model("--inter-token-latency", "50", "--inter-token-latency-std-dev", "5");
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = ms(latency.interToken(1));
        }
        Spread spread = Spread.of(samples);

        assertThat(spread.mean()).isCloseTo(50, within(0.3));
        assertThat(spread.stdDev()).isCloseTo(5, within(0.3));
    }

    @Test
    void imageTimeIsNormalAroundItsBaseAndNotSlowedByTheLoad() {
        AtomicInteger running = new AtomicInteger(5);
        LatencyModel latency = model(
                running,
                "--time-to-generate-image",
                "400",
                "--time-to-generate-image-std-dev",
                "40",
                "--time-factor-under-load",
                "3",
                "--max-num-seqs",
                "5");
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = latency.imageNanos() / 1e6;
        }
        Spread spread = Spread.of(samples);

        assertThat(spread.mean()).isCloseTo(400, within(2.0));
        assertThat(spread.stdDev()).isCloseTo(40, within(2.0));
        assertThat(model("--time-to-generate-image", "0").imageNanos()).isZero();
    }

    @Test
    void samplesAreKeptWithinSeventyPercentOfTheBase() {
        LatencyModel latency = model("--inter-token-latency", "100", "--inter-token-latency-std-dev", "30");
        int atLow = 0;
        int atHigh = 0;
        for (int i = 0; i < SAMPLES; i++) {
            double sample = ms(latency.interToken(1));
            assertThat(sample).isBetween(30.0, 170.0);
            atLow += sample == 30.0 ? 1 : 0;
            atHigh += sample == 170.0 ? 1 : 0;
        }
        // Beyond 2.33 sigma on either side: about 1% of the samples each.
        assertThat(atLow).isBetween(SAMPLES / 200, SAMPLES / 50);
        assertThat(atHigh).isBetween(SAMPLES / 200, SAMPLES / 50);
    }

    @Test
    void prefillTimeGrowsWithThePromptWithoutAConstantFirstTokenTime() {
        LatencyModel latency = model("--prefill-overhead", "20", "--prefill-time-per-token", "2");

        assertThat(latency.firstToken(0, 1)).isEqualTo(Duration.ofMillis(20));
        assertThat(latency.firstToken(1, 1)).isEqualTo(Duration.ofMillis(22));
        assertThat(latency.firstToken(100, 1)).isEqualTo(Duration.ofMillis(220));
        assertThat(model("--time-to-first-token", "500", "--prefill-time-per-token", "2")
                        .firstToken(100, 1))
                .as("a constant set wins, as in the Go simulator's default calculator")
                .isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void prefillTimePerTokenAloneIsEnough() {
        LatencyModel latency = model("--prefill-time-per-token", "0.5");

        assertThat(latency.firstToken(30, 1)).isEqualTo(Duration.ofMillis(15));
    }

    @Test
    void prefillJitterIsNormalAroundTheRequestsPrefillTime() {
        LatencyModel latency =
                model("--prefill-overhead", "50", "--prefill-time-per-token", "1", "--prefill-time-std-dev", "15");
        double[] samples = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = ms(latency.firstToken(100, 1));
        }
        Spread spread = Spread.of(samples);

        assertThat(spread.mean()).isCloseTo(150, within(1.0));
        assertThat(spread.stdDev()).isCloseTo(15, within(1.0));
        assertThat(spread.min()).isGreaterThanOrEqualTo(45);
        assertThat(spread.max()).isLessThanOrEqualTo(255);
    }

    @Test
    void loadFactorGrowsLinearlyFromOneForALoneRequestToTheFactorForAFullBatch() {
        LatencyModel latency = model("--time-factor-under-load", "3", "--max-num-seqs", "5");

        assertThat(latency.loadFactor(1)).isEqualTo(1.0);
        assertThat(latency.loadFactor(2)).isEqualTo(1.5);
        assertThat(latency.loadFactor(3)).isEqualTo(2.0);
        assertThat(latency.loadFactor(5)).isEqualTo(3.0);
        assertThat(latency.loadFactor(0)).as("never below a lone request").isEqualTo(1.0);
        assertThat(latency.loadFactor(9)).as("never beyond a full batch").isEqualTo(3.0);
    }

    @Test
    void everyDelayIsMultipliedByTheLoadFactor() {
        LatencyModel latency = model(
                "--time-to-first-token",
                "100",
                "--inter-token-latency",
                "10",
                "--time-factor-under-load",
                "3",
                "--max-num-seqs",
                "5");

        assertThat(latency.firstToken(10, 1)).isEqualTo(Duration.ofMillis(100));
        assertThat(latency.firstToken(10, 5)).isEqualTo(Duration.ofMillis(300));
        assertThat(latency.interToken(3)).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void prefillIsMultipliedByTheLoadFactorToo() {
        LatencyModel latency = model(
                "--prefill-overhead",
                "10",
                "--prefill-time-per-token",
                "1",
                "--time-factor-under-load",
                "2",
                "--max-num-seqs",
                "2");

        assertThat(latency.firstToken(90, 2)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void aBatchOfOneIsNeverSlowedDown() {
        LatencyModel latency = model("--time-factor-under-load", "4", "--max-num-seqs", "1");

        assertThat(latency.loadFactor(1)).isEqualTo(1.0);
    }

    @Test
    void theLoadIsReadWhenEachDelayIsComputed() {
        AtomicInteger running = new AtomicInteger(1);
        LatencyModel latency =
                model(running, "--inter-token-latency", "10", "--time-factor-under-load", "2", "--max-num-seqs", "3");

        long lone = latency.interTokenNanos(null);
        running.set(3);
        long full = latency.interTokenNanos(null);
        running.set(2);
        long half = latency.interTokenNanos(null);

        assertThat(lone).isEqualTo(10_000_000);
        assertThat(full).isEqualTo(20_000_000);
        assertThat(half).isEqualTo(15_000_000);
    }

    @Test
    void theLoadIsNotAskedForWithoutATimeFactor() {
        LatencyModel latency =
                new LatencyModel(config("--model", "m", "--inter-token-latency", "10"), new SeededRandom(1), () -> {
                    throw new AssertionError("the scheduler must not be asked for its load at every token");
                });

        assertThat(latency.interTokenNanos(null)).isEqualTo(10_000_000);
    }

    @Test
    void theSameSeedDrawsTheSameDelays() {
        LatencyModel first = model("--time-to-first-token", "100", "--time-to-first-token-std-dev", "30");
        LatencyModel second = model("--time-to-first-token", "100", "--time-to-first-token-std-dev", "30");

        for (int i = 0; i < 100; i++) {
            assertThat(first.firstToken(1, 1)).isEqualTo(second.firstToken(1, 1));
        }
    }

    @Test
    void anEnormousPrefillIsCappedInsteadOfOverflowing() {
        LatencyModel latency = model(
                "--max-model-len",
                "2000000000",
                "--kv-cache-size",
                "2000000000",
                "--block-size",
                "1",
                "--prefill-time-per-token",
                "3600000",
                "--time-factor-under-load",
                "1000",
                "--max-num-seqs",
                "2");

        assertThat(latency.firstToken(1_999_999_999, 2).toNanos()).isEqualTo(LatencyModel.MAX_NANOS);
    }
}
