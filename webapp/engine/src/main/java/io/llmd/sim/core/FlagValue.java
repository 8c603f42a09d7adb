package io.llmd.sim.core;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What one flag's value is: how its text is read (and refused), its default, and how {@code --help}
 * and the start-up log show it. Each {@link Flag} declares its own, so that a flag's default and
 * its parser are written once, whatever source (command line, init-param, environment, YAML file,
 * {@link SimOptions.Builder}) the text comes from.
 *
 * @param <T> the type the text is read into
 */
public final class FlagValue<T> {
    /** Latencies above an hour are surely a mistake, and would overflow deadline arithmetic far beyond. */
    static final long MAX_LATENCY_MS = 3_600_000;

    private final Function<String, T> reader;
    private final Function<? super T, String> shower;
    private final @Nullable T fallback;
    private final @Nullable String defaultText;

    private FlagValue(
            Function<String, T> reader,
            Function<? super T, String> shower,
            @Nullable T fallback,
            @Nullable String defaultText) {
        this.reader = reader;
        this.shower = shower;
        this.fallback = fallback;
        this.defaultText = defaultText;
    }

    /**
     * A value read by {@code reader}, which refuses text with an {@link IllegalArgumentException}
     * whose message is the problem; without a default until one is given.
     */
    static <T> FlagValue<T> of(Function<String, T> reader, Function<? super T, String> shower) {
        return new FlagValue<>(reader, shower, null, null);
    }

    /** A whole number from {@code min} to {@code max}. */
    static FlagValue<Integer> whole(int min, int max) {
        return of(
                text -> {
                    long value = wholeNumber(text);
                    if (value < min || value > max) {
                        throw new IllegalArgumentException(
                                max == Integer.MAX_VALUE
                                        ? "must be at least " + min + ", not " + value
                                        : "must be between " + min + " and " + max + ", not " + value);
                    }
                    return (int) value;
                },
                String::valueOf);
    }

    /** Any whole number that a {@code long} holds. */
    static FlagValue<Long> anyWhole() {
        return of(FlagValue::wholeNumber, String::valueOf);
    }

    /** Milliseconds, fractions allowed, from 0 to an hour; read to the nanosecond. */
    static FlagValue<Duration> millis() {
        return of(
                text -> {
                    double ms = finiteNumber(text);
                    if (ms < 0) {
                        throw new IllegalArgumentException("must not be negative, not " + text);
                    }
                    if (ms > MAX_LATENCY_MS) {
                        throw new IllegalArgumentException(
                                "must be at most " + MAX_LATENCY_MS + " (one hour), not " + text);
                    }
                    return Duration.ofNanos(Math.round(ms * 1_000_000));
                },
                SimConfig::millis);
    }

    /** A number from {@code min} to {@code max}. */
    static FlagValue<Double> number(double min, double max) {
        return number(min, max, "must be between " + decimal(min) + " and " + decimal(max));
    }

    /** A percentage: a number from 0 to 100. */
    static FlagValue<Double> percentage() {
        return number(0, 100, "must be a percentage between 0 and 100");
    }

    private static FlagValue<Double> number(double min, double max, String range) {
        return of(
                text -> {
                    double value = finiteNumber(text);
                    if (value < min || value > max) {
                        throw new IllegalArgumentException(range + ", not " + text);
                    }
                    return value;
                },
                FlagValue::decimal);
    }

    /** True or false ({@code 1}/{@code 0}, {@code yes}/{@code no} too); false by default, which makes it a switch. */
    static FlagValue<Boolean> toggle() {
        return of(
                        text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                            case "true", "1", "yes" -> true;
                            case "false", "0", "no" -> false;
                            default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
                        },
                        String::valueOf)
                .byDefault(false);
    }

    /** Text as given. */
    static FlagValue<String> text() {
        return of(Function.identity(), Function.identity());
    }

    /** Names separated by commas or white space, blanks dropped, order kept, each once. */
    static FlagValue<List<String>> names() {
        return of(FlagValue::names, list -> String.join(",", list));
    }

    /** The same reading, with a default: {@code --help} shows it as the start-up log would. */
    FlagValue<T> byDefault(T value) {
        Objects.requireNonNull(value, "value");
        return new FlagValue<>(reader, shower, value, shower.apply(value));
    }

    /** The same reading, with a default that {@code --help} calls {@code text} (e.g. "all" for every type). */
    FlagValue<T> byDefault(T value, String text) {
        Objects.requireNonNull(value, "value");
        return new FlagValue<>(reader, shower, value, text);
    }

    /**
     * The same reading, without a fixed default: the flag's absence means what {@code text} says,
     * e.g. "none", "the model" or "max-loras" (a default that the parse works out from others).
     */
    FlagValue<T> otherwise(String text) {
        return new FlagValue<>(reader, shower, null, Objects.requireNonNull(text, "text"));
    }

    /**
     * Reads the text of the flag.
     *
     * @throws IllegalArgumentException naming the problem, without the flag
     */
    T read(String text) {
        try {
            return reader.apply(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
    }

    /** The fixed default, or null when there is none (the flag is required, optional or derived). */
    @Nullable
    T fallback() {
        return fallback;
    }

    /** How {@code --help} shows the default, or null when the flag is required. */
    @Nullable
    String defaultText() {
        return defaultText;
    }

    /** How the start-up log shows a value. */
    String show(T value) {
        return shower.apply(value);
    }

    /** Whether this is a switch (false by default): alone on the command line, it means true. */
    boolean isSwitch() {
        return Boolean.FALSE.equals(fallback);
    }

    /** Text of a {@link SimOptions.Builder}'s duration, exact to the nanosecond. */
    static String millisText(Duration duration) {
        return BigDecimal.valueOf(duration.toNanos(), 6).stripTrailingZeros().toPlainString();
    }

    /** A number without a trailing ".0" when it is whole. */
    static String decimal(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /** Names separated by commas or white space, blanks dropped, order kept, each once. */
    static List<String> names(String raw) {
        List<String> names = new ArrayList<>();
        if (raw != null) {
            for (String part : raw.split("[,\\s]+")) {
                if (!part.isEmpty() && !names.contains(part)) {
                    names.add(part);
                }
            }
        }
        return List.copyOf(names);
    }

    private static long wholeNumber(String text) {
        String trimmed = text.trim();
        try {
            return Long.parseLong(trimmed);
        } catch (NumberFormatException e) {
            // "1.5" is a number, only not a whole one; "lots" is none.
            finiteNumber(trimmed);
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
    }

    private static double finiteNumber(String text) {
        double value = Double.parseDouble(text.trim());
        if (!Double.isFinite(value)) {
            throw new NumberFormatException(text);
        }
        return value;
    }
}
