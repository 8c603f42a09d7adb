package io.llmd.sim.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SeededRandom;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The values an {@code integer} or {@code number} schema allows, read from {@code minimum},
 * {@code maximum}, their exclusive forms (numbers, or draft 4's booleans) and
 * {@code multipleOf}, at any magnitude: integers and multiples are counted exactly on a lattice
 * of BigIntegers, plain numbers are doubles. A value is picked near zero (within 100) when the
 * range allows it, else near the bound closer to zero, as a model writes ordinary numbers.
 */
abstract sealed class NumberRange {
    /** How far from zero, or from the nearer bound, picked values stay. */
    static final int SPREAD = 100;

    private static final int PLAIN_DIGITS = 40;

    /** The value nearest zero, as JSON text. */
    abstract String smallest();

    abstract String pick(SeededRandom random);

    /**
     * A value of the range between {@code from} and {@code to} (both included), drawn evenly; null
     * when none of the range's values lies between them.
     */
    abstract @Nullable String pickBetween(SeededRandom random, BigDecimal from, BigDecimal to);

    /** Whether the values are integers (the schema's type is integer). */
    abstract boolean integer();

    /** How many values there are, or null when they are too many to count. */
    abstract @Nullable BigInteger count();

    /** The {@code index}-th of the values in a fixed order (index below {@link #count()} when it is not null). */
    abstract String nth(long index);

    /** Reads the range of a schema; throws SchemaException when no value is in it or a bound is not a number. */
    static NumberRange of(JsonNode schema, boolean integer, String where) {
        BigDecimal step = step(schema, where);
        if (integer) {
            return Lattice.of(schema, true, Lattice.integerStep(step), where);
        }
        if (step != null) {
            return Lattice.of(schema, false, step, where);
        }
        return Continuous.of(schema, where);
    }

    private static @Nullable BigDecimal step(JsonNode schema, String where) {
        JsonNode multipleOf = schema.get("multipleOf");
        if (multipleOf == null || !multipleOf.isNumber()) {
            return null;
        }
        if (!Double.isFinite(multipleOf.doubleValue())
                || multipleOf.decimalValue().signum() <= 0) {
            throw new SchemaException(where + ": multipleOf must be a number greater than 0, got " + multipleOf + ".");
        }
        return multipleOf.decimalValue();
    }

    /** A bound as an exact decimal, or null when the keyword is absent or not a number. */
    private static @Nullable BigDecimal bound(JsonNode schema, String keyword, String where) {
        JsonNode value = schema.get(keyword);
        if (value == null || !value.isNumber()) {
            return null;
        }
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            throw new SchemaException(where + ": " + keyword + " must be a finite number.");
        }
        return value.decimalValue();
    }

    /** Draft 4 writes an exclusive bound as {@code "exclusiveMinimum": true} beside {@code minimum}. */
    private static boolean flagged(JsonNode schema, String exclusive) {
        return schema.path(exclusive).isBoolean() && schema.get(exclusive).booleanValue();
    }

    private static String describe(JsonNode schema) {
        StringBuilder out = new StringBuilder();
        for (String keyword : List.of("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum", "multipleOf")) {
            if (schema.has(keyword)) {
                out.append(out.isEmpty() ? "" : ", ")
                        .append(keyword)
                        .append(' ')
                        .append(schema.get(keyword));
            }
        }
        return out.toString();
    }

    /** Multiples of a step between two optional bounds, counted by their factor k. */
    private static final class Lattice extends NumberRange {
        private final BigDecimal step;
        private final boolean integer;
        private final @Nullable BigInteger low;
        private final @Nullable BigInteger high;
        private final BigInteger windowLow;
        private final BigInteger windowHigh;
        private final String smallest;

        private Lattice(BigDecimal step, boolean integer, @Nullable BigInteger low, @Nullable BigInteger high) {
            this.step = step;
            this.integer = integer;
            this.low = low;
            this.high = high;
            BigInteger spread = BigDecimal.valueOf(SPREAD)
                    .divide(step, 0, RoundingMode.FLOOR)
                    .toBigInteger();
            BigInteger nearest =
                    low != null && low.signum() > 0 ? low : high != null && high.signum() < 0 ? high : BigInteger.ZERO;
            BigInteger from = nearest.signum() == 0
                    ? spread.negate()
                    : nearest.signum() > 0 ? nearest : nearest.subtract(spread.shiftLeft(1));
            BigInteger to =
                    nearest.signum() == 0 ? spread : nearest.signum() > 0 ? nearest.add(spread.shiftLeft(1)) : nearest;
            this.windowLow = low == null ? from : from.max(low);
            this.windowHigh = high == null ? to : to.min(high);
            this.smallest = text(nearest);
        }

        /** @param step the lattice's step: multipleOf, or for integers {@link #integerStep} of it */
        static Lattice of(JsonNode schema, boolean integer, BigDecimal step, String where) {
            BigInteger low = factor(bound(schema, "minimum", where), step, RoundingMode.CEILING, false);
            BigInteger exclusiveLow = flagged(schema, "exclusiveMinimum")
                    ? factor(bound(schema, "minimum", where), step, RoundingMode.FLOOR, true)
                    : factor(bound(schema, "exclusiveMinimum", where), step, RoundingMode.FLOOR, true);
            BigInteger high = factor(bound(schema, "maximum", where), step, RoundingMode.FLOOR, false);
            BigInteger exclusiveHigh = flagged(schema, "exclusiveMaximum")
                    ? factor(bound(schema, "maximum", where), step, RoundingMode.CEILING, true)
                    : factor(bound(schema, "exclusiveMaximum", where), step, RoundingMode.CEILING, true);
            low = tighter(low, exclusiveLow, true);
            high = tighter(high, exclusiveHigh, false);
            if (low != null && high != null && low.compareTo(high) > 0) {
                throw new SchemaException(
                        where + ": no " + (integer ? "integer" : "number") + " satisfies " + describe(schema) + ".");
            }
            return new Lattice(step, integer, low, high);
        }

        /**
         * The step between integers that are multiples of {@code multipleOf}: with multipleOf = p/q
         * in lowest terms, k*p/q is an integer exactly when q divides k, so the step is p.
         */
        static BigDecimal integerStep(@Nullable BigDecimal multipleOf) {
            if (multipleOf == null) {
                return BigDecimal.ONE;
            }
            BigDecimal reduced = multipleOf.stripTrailingZeros();
            if (reduced.scale() <= 0) {
                return new BigDecimal(reduced.toBigIntegerExact());
            }
            BigInteger numerator = reduced.unscaledValue();
            BigInteger denominator = BigInteger.TEN.pow(reduced.scale());
            return new BigDecimal(numerator.divide(numerator.gcd(denominator)));
        }

        /** The factor k of the first multiple inside a bound; an exclusive bound steps past a multiple on it. */
        private static @Nullable BigInteger factor(
                @Nullable BigDecimal bound, BigDecimal step, RoundingMode rounding, boolean exclusive) {
            if (bound == null) {
                return null;
            }
            BigInteger k = bound.divide(step, 0, rounding).toBigInteger();
            return !exclusive ? k : rounding == RoundingMode.FLOOR ? k.add(BigInteger.ONE) : k.subtract(BigInteger.ONE);
        }

        private static @Nullable BigInteger tighter(
                @Nullable BigInteger one, @Nullable BigInteger other, boolean lower) {
            if (one == null || other == null) {
                return one == null ? other : one;
            }
            return lower ? one.max(other) : one.min(other);
        }

        @Override
        String smallest() {
            return smallest;
        }

        @Override
        String pick(SeededRandom random) {
            BigInteger size = windowHigh.subtract(windowLow).add(BigInteger.ONE);
            BigInteger offset = size.bitLength() < Integer.SIZE - 1
                    ? BigInteger.valueOf(random.nextInt(size.intValue()))
                    : new BigDecimal(size)
                            .multiply(BigDecimal.valueOf(random.nextDouble()))
                            .toBigInteger();
            return text(windowLow.add(offset));
        }

        @Override
        @Nullable
        String pickBetween(SeededRandom random, BigDecimal from, BigDecimal to) {
            BigInteger first = from.divide(step, 0, RoundingMode.CEILING).toBigInteger();
            BigInteger last = to.divide(step, 0, RoundingMode.FLOOR).toBigInteger();
            if (low != null) {
                first = first.max(low);
            }
            if (high != null) {
                last = last.min(high);
            }
            if (first.compareTo(last) > 0) {
                return null;
            }
            BigInteger size = last.subtract(first).add(BigInteger.ONE);
            BigInteger offset = size.bitLength() < Integer.SIZE - 1
                    ? BigInteger.valueOf(random.nextInt(size.intValue()))
                    : new BigDecimal(size)
                            .multiply(BigDecimal.valueOf(random.nextDouble()))
                            .toBigInteger()
                            .min(size.subtract(BigInteger.ONE));
            return text(first.add(offset));
        }

        @Override
        boolean integer() {
            return integer;
        }

        @Override
        @Nullable
        BigInteger count() {
            return low == null || high == null ? null : high.subtract(low).add(BigInteger.ONE);
        }

        @Override
        String nth(long index) {
            BigInteger i = BigInteger.valueOf(index);
            return text(low != null ? low.add(i) : high != null ? high.subtract(i) : i);
        }

        private String text(BigInteger k) {
            BigDecimal value = step.multiply(new BigDecimal(k));
            if (integer) {
                return value.toBigIntegerExact().toString();
            }
            BigDecimal stripped = value.stripTrailingZeros();
            boolean plain = stripped.scale() <= PLAIN_DIGITS && stripped.precision() - stripped.scale() <= PLAIN_DIGITS;
            return plain ? stripped.toPlainString() : stripped.toString();
        }
    }

    /** Any double between two optional bounds. */
    private static final class Continuous extends NumberRange {
        /** Below this magnitude picked values are rounded to three decimals, as people write them. */
        private static final double ROUNDED = 1e12;

        private static final double NICE_STEP = 1e-6;
        /** Past this many values of a one-value window, unique items may repeat: a bound on the work. */
        private static final long MAX_STEPS = 4096;

        private final double low;
        private final double high;
        private final double windowLow;
        private final double windowHigh;

        private Continuous(double low, double high) {
            this.low = low;
            this.high = high;
            if (low <= 0 && high >= 0) {
                windowLow = Math.max(low, -SPREAD);
                windowHigh = Math.min(high, SPREAD);
            } else if (low > 0) {
                windowLow = low;
                windowHigh = Math.min(high, finite(low + 2 * SPREAD));
            } else {
                windowLow = Math.max(low, -finite(-high + 2 * SPREAD));
                windowHigh = high;
            }
        }

        static Continuous of(JsonNode schema, String where) {
            double exclusiveLow = flagged(schema, "exclusiveMinimum")
                    ? value(schema, "minimum", where, Double.NaN)
                    : value(schema, "exclusiveMinimum", where, Double.NaN);
            double exclusiveHigh = flagged(schema, "exclusiveMaximum")
                    ? value(schema, "maximum", where, Double.NaN)
                    : value(schema, "exclusiveMaximum", where, Double.NaN);
            double low = value(schema, "minimum", where, Double.NEGATIVE_INFINITY);
            double high = value(schema, "maximum", where, Double.POSITIVE_INFINITY);
            if (!Double.isNaN(exclusiveLow)) {
                low = Math.max(low, Math.nextUp(exclusiveLow));
            }
            if (!Double.isNaN(exclusiveHigh)) {
                high = Math.min(high, Math.nextDown(exclusiveHigh));
            }
            if (low > high || low == Double.POSITIVE_INFINITY || high == Double.NEGATIVE_INFINITY) {
                throw new SchemaException(where + ": no number satisfies " + describe(schema) + ".");
            }
            // A millionth past an exclusive bound reads better than the next double, where the range has room.
            if (!Double.isNaN(exclusiveLow) && exclusiveLow + NICE_STEP > low && exclusiveLow + NICE_STEP <= high) {
                low = exclusiveLow + NICE_STEP;
            }
            if (!Double.isNaN(exclusiveHigh) && exclusiveHigh - NICE_STEP < high && exclusiveHigh - NICE_STEP >= low) {
                high = exclusiveHigh - NICE_STEP;
            }
            return new Continuous(low, high);
        }

        private static double value(JsonNode schema, String keyword, String where, double absent) {
            BigDecimal bound = bound(schema, keyword, where);
            if (bound == null) {
                return absent;
            }
            double value = bound.doubleValue();
            if (!Double.isFinite(value)) {
                throw new SchemaException(where + ": " + keyword + " is beyond the range of a double.");
            }
            return value;
        }

        private static double finite(double value) {
            return Double.isFinite(value) ? value : Double.MAX_VALUE;
        }

        @Override
        String smallest() {
            return text(low > 0 ? low : high < 0 ? high : 0);
        }

        @Override
        String pick(SeededRandom random) {
            double value = windowLow + random.nextDouble() * (windowHigh - windowLow);
            if (Math.abs(value) < ROUNDED) {
                value = Math.round(value * 1000) / 1000.0;
            }
            return text(Math.min(Math.max(value, windowLow), windowHigh));
        }

        @Override
        @Nullable
        String pickBetween(SeededRandom random, BigDecimal from, BigDecimal to) {
            double first = Math.max(low, from.doubleValue());
            double last = Math.min(high, to.doubleValue());
            if (first > last) {
                return null;
            }
            double value = first + random.nextDouble() * (last - first);
            double rounded = Math.round(value * 1000) / 1000.0;
            // Three decimals, as people write them, unless rounding leaves the range.
            if (Math.abs(value) < ROUNDED && rounded >= first && rounded <= last) {
                value = rounded;
            }
            return text(Math.min(Math.max(value, first), last));
        }

        @Override
        boolean integer() {
            return false;
        }

        @Override
        @Nullable
        BigInteger count() {
            return low == high ? BigInteger.ONE : null;
        }

        /** Spread over the window (index/(index+1) of the way); next doubles up when the window is one value wide. */
        @Override
        String nth(long index) {
            if (windowLow < windowHigh) {
                return text(windowLow + (windowHigh - windowLow) * (index / (index + 1.0)));
            }
            double value = windowLow;
            for (long i = 0; i < Math.min(index, MAX_STEPS) && value < high; i++) {
                value = Math.nextUp(value);
            }
            return text(value);
        }

        private static String text(double value) {
            return Double.toString(value == 0 ? 0.0 : value);
        }
    }
}
