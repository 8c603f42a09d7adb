package io.llmd.sim.core;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a time as users of both simulators write it: a plain number in the flag's own unit
 * ({@code --time-to-first-token 250} is milliseconds, as it always was here), or a duration as
 * Go's {@code time.ParseDuration} reads it, which the Go simulator's flags and YAML files use
 * ({@code 250ms}, {@code 1.5s}, {@code 2m30s}, {@code 100us}). The one reader of times: every
 * flag that takes one goes through {@link FlagValue#duration}.
 */
final class Durations {
    /** One number and its unit; Go allows a leading or trailing dot ({@code .5s}, {@code 1.s}). */
    private static final Pattern PART = Pattern.compile("(\\d+\\.?\\d*|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private static final Pattern PLAIN = Pattern.compile("[+]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private Durations() {}

    /**
     * The duration {@code text} means.
     *
     * @param plainUnit what a number without a unit counts
     * @throws IllegalArgumentException naming the problem: not a duration, or negative
     */
    static Duration parse(String text, ChronoUnit plainUnit) {
        String trimmed = text.trim();
        if (trimmed.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative, not " + text);
        }
        if (PLAIN.matcher(trimmed).matches()) {
            return duration(nanos(new BigDecimal(trimmed.replace("+", "")), plainUnit.getDuration()));
        }
        String body = trimmed.startsWith("+") ? trimmed.substring(1) : trimmed;
        Matcher part = PART.matcher(body.toLowerCase(Locale.ROOT).equals(body) ? body : "");
        BigDecimal total = BigDecimal.ZERO;
        int end = 0;
        while (part.lookingAt()) {
            total = total.add(nanos(new BigDecimal(part.group(1)), unit(part.group(2))));
            end = part.end();
            part.region(end, body.length());
        }
        if (end == 0 || end != body.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a number (of "
                    + plainUnit.name().toLowerCase(Locale.ROOT) + ") or a duration such as 250ms, 1.5s or 2m");
        }
        return duration(total);
    }

    /** {@code duration} in seconds, as a Go-style duration reads back: {@code 1.5s}. */
    static String show(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static Duration unit(String unit) {
        return switch (unit) {
            case "ns" -> Duration.ofNanos(1);
            case "us", "µs", "μs" -> Duration.ofNanos(1_000);
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
    }

    private static BigDecimal nanos(BigDecimal amount, Duration unit) {
        return amount.multiply(BigDecimal.valueOf(unit.toNanos()));
    }

    /** A number of nanoseconds, rounded to the nearest. */
    private static Duration duration(BigDecimal nanos) {
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            // Longer than any flag allows: the flag's own maximum refuses it, naming that maximum.
            return ChronoUnit.FOREVER.getDuration();
        }
        return Duration.ofNanos(nanos.setScale(0, RoundingMode.HALF_UP).longValueExact());
    }
}
