package io.llmd.sim.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A duration as the Go simulator's users write it ({@code 250ms}, {@code 1.5s}, {@code 2m},
 * {@code 1h30m}); a plain number is seconds. Used inside the fake-metrics functions' periods.
 */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {}

    static Duration parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        try {
            return Duration.ofNanos(new BigDecimal(trimmed).movePointRight(9).longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            // Not a plain number of seconds: units follow.
        }
        Matcher part = PART.matcher(trimmed);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < trimmed.length()) {
            if (!part.find(at) || part.start() != at) {
                throw new IllegalArgumentException("'" + text + "' is not a duration (e.g. 250ms, 1.5s, 5m)");
            }
            BigDecimal amount = new BigDecimal(part.group(1));
            long unit = switch (part.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unit)));
            at = part.end();
        }
        return Duration.ofNanos(nanos.longValue());
    }

    static String show(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }
}
