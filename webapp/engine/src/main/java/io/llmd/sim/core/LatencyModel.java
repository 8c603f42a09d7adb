package io.llmd.sim.core;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * How long a request's tokens take: a pure strategy from the configuration, the request's prompt
 * and the load (the requests running) to durations. It never sleeps; {@link Run} waits for the
 * deadlines it gives.
 * <ul>
 * <li>Which flags time the first token is {@code --latency-calculator}'s choice ({@link
 *     LatencyCalculator}); by default, as the Go simulator's:</li>
 * <li>The first token comes after {@code --time-to-first-token} when it (or its std-dev) is set,
 *     else after {@code --prefill-overhead} + {@code --prefill-time-per-token} x the prompt tokens
 *     not already in the prefix cache.</li>
 * <li>Each next token comes {@code --inter-token-latency} later.</li>
 * <li>The base of each (not its std-dev) is multiplied by 1 + (factor - 1) x (running - 1) /
 *     (max-num-seqs - 1), with the load when the delay is computed: a full batch is
 *     {@code --time-factor-under-load} times slower than a lone request.</li>
 * <li>Each then has normal jitter of its {@code -std-dev}, drawn from the one seeded generator
 *     (only when a std-dev is set), and kept within 70% of its (scaled) base either way.</li>
 * <li>A remote prefill's KV-cache transfer is never slowed by the load, as in the Go simulator.</li>
 * </ul>
 */
public final class LatencyModel {
    /** Samples stay within this share of their base, either way. */
    static final double MAX_DEVIATION = 0.7;
    /** No delay is longer: far beyond any setting, and safe to add to a {@link NanoClock} reading. */
    static final long MAX_NANOS = Duration.ofDays(365).toNanos();

    private final long timeToFirstToken;
    private final long timeToFirstTokenStdDev;
    private final long interTokenLatency;
    private final long interTokenLatencyStdDev;
    /** Whether a local first token is timed by the prompt's prefill rather than the constant. */
    private final boolean prefill;

    private final long prefillOverhead;
    private final long prefillTimePerToken;
    private final long prefillTimeStdDev;
    private final double timeFactor;
    private final int maxNumSeqs;
    private final SeededRandom random;
    private final IntSupplier running;
    private final long transferLatency;
    private final long transferStdDev;
    private final long transferPerToken;
    private final long transferTimeStdDev;
    /** Whether a transfer is timed per prompt token rather than fixed. */
    private final boolean transferByTokens;

    private final long imageTime;
    private final long imageTimeStdDev;

    /**
     * @param config  the latency settings and {@code --max-num-seqs}
     * @param random  the simulator's one seeded generator, which the jitter is drawn from
     * @param running the requests running now, read only under a time factor above 1
     */
    public LatencyModel(SimConfig config, SeededRandom random, IntSupplier running) {
        LatencyOptions options = config.latency();
        this.timeToFirstToken = config.timeToFirstToken().toNanos();
        this.timeToFirstTokenStdDev = options.timeToFirstTokenStdDev().toNanos();
        this.interTokenLatency = config.interTokenLatency().toNanos();
        this.interTokenLatencyStdDev = options.interTokenLatencyStdDev().toNanos();
        this.prefill = options.prefill(config.timeToFirstToken());
        this.prefillOverhead = options.prefillOverhead().toNanos();
        this.prefillTimePerToken = options.prefillTimePerToken().toNanos();
        this.prefillTimeStdDev = options.prefillTimeStdDev().toNanos();
        this.timeFactor = options.timeFactorUnderLoad();
        this.maxNumSeqs = config.maxNumSeqs();
        this.random = random;
        this.running = running;
        this.transferLatency = config.kvTransfer().latency().toNanos();
        this.transferStdDev = config.kvTransfer().latencyStdDev().toNanos();
        this.transferPerToken = config.kvTransfer().timePerToken().toNanos();
        this.transferTimeStdDev = config.kvTransfer().timeStdDev().toNanos();
        this.imageTime = config.omni().timeToGenerate().toNanos();
        this.imageTimeStdDev = config.omni().stdDev().toNanos();
        this.transferByTokens = switch (options.calculator()) {
            case CONSTANT -> false;
            case PER_TOKEN -> true;
            // The Go simulator's default: the fixed transfer time whenever it or its jitter is set.
            case DEFAULT -> transferLatency == 0 && transferStdDev == 0;
        };
    }

    /**
     * Time from the start of processing to the first token.
     *
     * @param promptTokens the prompt tokens to prefill
     * @param running      the requests running now, this one included
     */
    public Duration firstToken(int promptTokens, int running) {
        double base;
        double stdDev;
        if (prefill) {
            base = prefillOverhead + (double) prefillTimePerToken * Math.max(0, promptTokens);
            stdDev = prefillTimeStdDev;
        } else {
            base = timeToFirstToken;
            stdDev = timeToFirstTokenStdDev;
        }
        return capped(sample(base * loadFactor(running), stdDev));
    }

    /**
     * Time from one token to the next.
     *
     * @param running the requests running now, this one included
     */
    public Duration interToken(int running) {
        return capped(sample(interTokenLatency * loadFactor(running), (double) interTokenLatencyStdDev));
    }

    /** What every delay is multiplied by with {@code running} requests running. */
    public double loadFactor(int running) {
        if (timeFactor == 1 || maxNumSeqs <= 1) {
            return 1;
        }
        int batch = Math.clamp(running, 1, maxNumSeqs);
        return 1 + (timeFactor - 1) * (batch - 1) / (maxNumSeqs - 1);
    }

    /** {@link #firstToken} of a planned request, under the load now. */
    public long firstTokenNanos(Generation generation) {
        return firstTokenNanos(generation, 0);
    }

    /**
     * {@link #firstToken} of a planned request whose first {@code cachedTokens} prompt tokens the
     * prefix cache holds: only the others are prefilled.
     */
    public long firstTokenNanos(Generation generation, int cachedTokens) {
        if (generation.kvTransfer() == Generation.KvTransfer.REMOTE_PREFILL) {
            return kvTransfer(generation.promptTokens()).toNanos();
        }
        return firstToken(generation.promptTokens() - cachedTokens, load()).toNanos();
    }

    /**
     * Time a remote-prefilled request waits for its KV cache instead of prefilling:
     * {@code --kv-cache-transfer-latency} with its jitter when either is set (always with
     * {@code --latency-calculator constant}, never with {@code per-token}), else
     * {@code --kv-cache-transfer-time-per-token} x prompt tokens with the jitter of
     * {@code --kv-cache-transfer-time-std-dev}. The load does not slow it, as it does not in the Go
     * simulator.
     */
    public Duration kvTransfer(int promptTokens) {
        double base = transferByTokens ? (double) transferPerToken * Math.max(0, promptTokens) : transferLatency;
        return capped(sample(base, transferByTokens ? (double) transferTimeStdDev : (double) transferStdDev));
    }

    /** {@link #interToken} under the load now. */
    public long interTokenNanos(Generation generation) {
        return interToken(load()).toNanos();
    }

    /**
     * How long an omni answer's image takes after its last token: {@code --time-to-generate-image}
     * with the jitter of its std-dev, not slowed by the load (as the Go simulator sleeps it).
     */
    public long imageNanos() {
        return Math.round(sample((double) imageTime, (double) imageTimeStdDev));
    }

    private int load() {
        // Only a time factor needs the load; without one the scheduler is not asked at every token.
        return timeFactor == 1 ? 1 : running.getAsInt();
    }

    private double sample(double base, double stdDev) {
        if (stdDev <= 0 || base <= 0) {
            return base;
        }
        double value = base + stdDev * gaussian();
        return Math.clamp(value, base * (1 - MAX_DEVIATION), base * (1 + MAX_DEVIATION));
    }

    /** A standard normal sample (Box-Muller), from two draws of the seeded generator. */
    private double gaussian() {
        double u1 = 1 - random.nextDouble(); // in (0, 1]: the logarithm stays finite
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static Duration capped(double nanos) {
        return Duration.ofNanos(Math.round(Math.min((double) MAX_NANOS, nanos)));
    }
}
