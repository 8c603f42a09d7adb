package io.llmd.sim.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Omni mode, as the Go simulator has it: a chat completion may carry a generated image (a
 * synthetic one-pixel PNG) as an extra chunk, for a share of requests or when the request asks
 * for one with {@code X-Send-Image: true}; making it takes its own time.
 *
 * @param enabled       whether images are sent at all
 * @param emissionRate  percentage of chat completions that carry an image
 * @param timeToGenerate how long an image takes
 * @param stdDev        normal jitter of that time
 */
public record OmniOptions(boolean enabled, double emissionRate, Duration timeToGenerate, Duration stdDev) {
    /** Off. */
    public static final OmniOptions NONE = new OmniOptions(false, 0, Duration.ZERO, Duration.ZERO);

    public OmniOptions {
        Objects.requireNonNull(timeToGenerate, "timeToGenerate");
        Objects.requireNonNull(stdDev, "stdDev");
        if (!(emissionRate >= 0 && emissionRate <= 100)) {
            throw new IllegalArgumentException("emissionRate must be between 0 and 100");
        }
    }

    /**
     * The rules: the jitter within 30% of the time, as for every latency; and no encoder-only
     * mode, which this simulator does not simulate.
     */
    static void check(ParsedFlags flags) {
        LatencyOptions.checkStdDev(
                flags,
                Flag.TIME_TO_GENERATE_IMAGE_STD_DEV,
                flags.get(Flag.TIME_TO_GENERATE_IMAGE),
                "--" + Flag.TIME_TO_GENERATE_IMAGE.flagName(),
                Flag.TIME_TO_GENERATE_IMAGE);
        if (flags.<Boolean>get(Flag.MM_ENCODER_ONLY)) {
            flags.refuse(
                    Flag.MM_ENCODER_ONLY,
                    "is not supported: this simulator has no encoder-only mode (no ec_transfer_params); "
                            + "start it without --mm-encoder-only");
        }
    }

    /**
     * Whether a chat answer carries an image: never outside omni mode; when the request's
     * {@code X-Send-Image} header is true (as Go's {@code strconv.ParseBool} reads it); else
     * with the emission rate, drawn from the seeded generator.
     *
     * @param sendImageHeader the header's value, or null without one
     */
    public boolean sendsImage(String sendImageHeader, SeededRandom random) {
        if (!enabled) {
            return false;
        }
        if (sendImageHeader != null
                && switch (sendImageHeader.trim()) {
                    case "1", "t", "T", "true", "TRUE", "True" -> true;
                    default -> false;
                }) {
            return true;
        }
        return emissionRate > 0 && random.nextDouble() * 100 < emissionRate;
    }

    /** The omni section, from flags that passed every check. */
    static OmniOptions from(ParsedFlags flags) {
        return new OmniOptions(
                flags.get(Flag.OMNI),
                flags.<Double>get(Flag.IMAGE_EMISSION_RATE),
                flags.get(Flag.TIME_TO_GENERATE_IMAGE),
                flags.get(Flag.TIME_TO_GENERATE_IMAGE_STD_DEV));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.OMNI.flagName(), Boolean.toString(enabled));
        out.put(Flag.IMAGE_EMISSION_RATE.flagName(), FlagValue.decimal(emissionRate));
        out.put(Flag.TIME_TO_GENERATE_IMAGE.flagName(), SimConfig.millis(timeToGenerate));
        out.put(Flag.TIME_TO_GENERATE_IMAGE_STD_DEV.flagName(), SimConfig.millis(stdDev));
        out.put(Flag.MM_ENCODER_ONLY.flagName(), "false");
        return out;
    }
}
