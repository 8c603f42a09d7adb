package io.llmd.sim.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.util.AccessPattern;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How vLLM reads a scalar field: its request models are pydantic v2 models in lax mode, which
 * convert a few inputs and refuse the rest (pydantic's conversion table, JSON input):
 * <ul>
 *   <li>integer: an integer, a number without fractional part ({@code 5.0}), a string of digits
 *       ({@code "5"}, {@code " 5 "}, {@code "5.0"}), a boolean (1 or 0);</li>
 *   <li>number: any number, a numeric string ({@code "0.5"}, {@code "inf"}), a boolean;</li>
 *   <li>boolean: a boolean, the numbers 0 and 1, and the strings {@code 0 1 f t n y no off on yes
 *       false true} in any case;</li>
 *   <li>string: a string only;</li>
 * </ul>
 * and never an array or an object. A wrapper type ({@code Integer}) is pydantic's
 * {@code Optional}: null means absent. A primitive ({@code int}) is a field with a default that
 * may be left out but not set to null. Jackson's own coercions (any number as a boolean, a number
 * as a string) are replaced, and each refusal carries pydantic's words.
 */
final class LaxScalars {
    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+(?:\\.0*)?");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?i:inf|infinity|nan)");
    private static final Set<String> TRUE = Set.of("1", "on", "t", "true", "y", "yes");
    private static final Set<String> FALSE = Set.of("0", "off", "f", "false", "n", "no");

    private LaxScalars() {}

    /** The deserializers, for the wrapper and the primitive of each scalar type. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("lax-scalars");
        module.addDeserializer(String.class, new Text());
        module.addDeserializer(Boolean.class, new Bool(null));
        module.addDeserializer(boolean.class, new Bool(false));
        module.addDeserializer(Integer.class, new Whole<>(Integer.class, null, Integer.MIN_VALUE, Integer.MAX_VALUE));
        module.addDeserializer(int.class, new Whole<>(int.class, 0, Integer.MIN_VALUE, Integer.MAX_VALUE));
        module.addDeserializer(Long.class, new Whole<>(Long.class, null, Long.MIN_VALUE, Long.MAX_VALUE));
        module.addDeserializer(long.class, new Whole<>(long.class, 0L, Long.MIN_VALUE, Long.MAX_VALUE));
        module.addDeserializer(Double.class, new Real(Double.class, null));
        module.addDeserializer(double.class, new Real(double.class, 0.0));
        return module;
    }

    /**
     * One scalar type: converts what pydantic converts. For a primitive, {@code absent} is the value
     * of a field left out and a null is refused; for a wrapper a null is null.
     */
    private abstract static class Scalar<T> extends JsonDeserializer<T> {
        private final Class<?> type;
        private final @Nullable T absent;
        private final String kind;
        private final boolean nullRefused;

        Scalar(Class<?> type, @Nullable T absent, String kind) {
            this(type, absent, kind, absent != null);
        }

        Scalar(Class<?> type, @Nullable T absent, String kind, boolean nullRefused) {
            this.type = type;
            this.absent = absent;
            this.kind = kind;
            this.nullRefused = nullRefused;
        }

        @Override
        public final T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            T value = switch (p.currentToken()) {
                case VALUE_STRING -> fromString(p, p.getText());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> fromNumber(p);
                case VALUE_TRUE, VALUE_FALSE -> fromBoolean(p, p.currentToken() == JsonToken.VALUE_TRUE);
                default -> null;
            };
            if (value == null) {
                throw refusal(p, "");
            }
            return value;
        }

        @Override
        public final @Nullable T getNullValue(DeserializationContext ctxt) throws MismatchedInputException {
            if (nullRefused) {
                throw refusal(ctxt.getParser(), "");
            }
            return null;
        }

        /** Asked at each null, not once, since for a primitive it throws. */
        @Override
        public final AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }

        @Override
        public final @Nullable Object getAbsentValue(DeserializationContext ctxt) {
            return absent;
        }

        /** The value a string stands for, or null when it is refused. */
        abstract @Nullable T fromString(JsonParser p, String text) throws IOException;

        abstract @Nullable T fromNumber(JsonParser p) throws IOException;

        abstract @Nullable T fromBoolean(JsonParser p, boolean value) throws IOException;

        /** pydantic's words for a refused input: "Input should be a valid integer" and why. */
        final MismatchedInputException refusal(JsonParser p, String why) {
            return MismatchedInputException.from(p, type, "Input should be a valid " + kind + why);
        }
    }

    private static final class Text extends Scalar<String> {
        Text() {
            super(String.class, null, "string");
        }

        /**
         * A lone surrogate ({@code "\\ud800"}) is legal JSON but no Unicode text: it becomes U+FFFD
         * here, once, so that nothing downstream (tokens, echoes, logprob keys) has to write it.
         */
        @Override
        String fromString(JsonParser p, String text) {
            return wellFormed(text);
        }

        @Override
        @Nullable
        String fromNumber(JsonParser p) {
            return null;
        }

        @Override
        @Nullable
        String fromBoolean(JsonParser p, boolean value) {
            return null;
        }
    }

    /**
     * A boolean whose default depends on the rest of the request (vLLM's {@code add_special_tokens}
     * defaults to true for a prompt and to false for messages): left out it is null, and a null is
     * refused, as pydantic refuses it for a field typed {@code bool}.
     */
    static final class DefaultedBoolean extends Bool {
        DefaultedBoolean() {
            super(null, true);
        }
    }

    private static class Bool extends Scalar<Boolean> {
        Bool(@Nullable Boolean absent) {
            this(absent, absent != null);
        }

        Bool(@Nullable Boolean absent, boolean nullRefused) {
            super(absent == null ? Boolean.class : boolean.class, absent, "boolean", nullRefused);
        }

        @Override
        Boolean fromString(JsonParser p, String text) throws IOException {
            String word = text.toLowerCase(Locale.ROOT);
            if (TRUE.contains(word)) {
                return true;
            }
            if (FALSE.contains(word)) {
                return false;
            }
            throw refusal(p, ", unable to interpret input");
        }

        @Override
        Boolean fromNumber(JsonParser p) throws IOException {
            double value = p.getDoubleValue();
            if (value == 0 || value == 1) {
                return value == 1;
            }
            throw refusal(p, ", unable to interpret input");
        }

        @Override
        Boolean fromBoolean(JsonParser p, boolean value) {
            return value;
        }
    }

    /** An integer type with its bounds (Java's, where Python's int has none). */
    private static final class Whole<T> extends Scalar<T> {
        private final long min;
        private final long max;

        Whole(Class<?> type, @Nullable T absent, long min, long max) {
            super(type, absent, "integer");
            this.min = min;
            this.max = max;
        }

        @Override
        T fromString(JsonParser p, String text) throws IOException {
            String trimmed = text.strip();
            if (!WHOLE.matcher(trimmed).matches()) {
                throw refusal(p, ", unable to parse string as an integer");
            }
            int point = trimmed.indexOf('.');
            String digits = point < 0 ? trimmed : trimmed.substring(0, point);
            try {
                return bounded(p, Long.parseLong(digits));
            } catch (NumberFormatException tooLong) {
                throw outOfRange(p, digits.startsWith("-"));
            }
        }

        @Override
        T fromNumber(JsonParser p) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw outOfRange(p, p.getBigIntegerValue().signum() < 0);
                }
                return bounded(p, p.getLongValue());
            }
            // pydantic reads a JSON number as a double too, and takes it when it is whole.
            double value = p.getDoubleValue();
            if (Double.isInfinite(value)) {
                throw MismatchedInputException.from(p, Long.class, "Input should be a finite number");
            }
            if (value != Math.rint(value)) {
                throw refusal(p, ", got a number with a fractional part");
            }
            if (value < -0x1p63 || value >= 0x1p63) {
                throw outOfRange(p, value < 0);
            }
            return bounded(p, (long) value);
        }

        @Override
        T fromBoolean(JsonParser p, boolean value) throws IOException {
            return bounded(p, value ? 1 : 0);
        }

        @SuppressWarnings("unchecked")
        private T bounded(JsonParser p, long value) throws MismatchedInputException {
            if (value < min || value > max) {
                throw outOfRange(p, value < min);
            }
            return (T) (max == Integer.MAX_VALUE ? (Object) (int) value : (Object) value);
        }

        private MismatchedInputException outOfRange(JsonParser p, boolean low) {
            return MismatchedInputException.from(
                    p,
                    Long.class,
                    low
                            ? "Input should be greater than or equal to " + min
                            : "Input should be less than or equal to " + max);
        }
    }

    private static final class Real extends Scalar<Double> {
        Real(Class<?> type, @Nullable Double absent) {
            super(type, absent, "number");
        }

        @Override
        Double fromString(JsonParser p, String text) throws IOException {
            String trimmed = text.strip();
            if (!DECIMAL.matcher(trimmed).matches()) {
                throw refusal(p, ", unable to parse string as a number");
            }
            String unsigned = trimmed.replaceFirst("^[+-]", "").toLowerCase(Locale.ROOT);
            boolean negative = trimmed.startsWith("-");
            return switch (unsigned) {
                case "inf", "infinity" -> negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                case "nan" -> Double.NaN;
                default -> Double.parseDouble(trimmed);
            };
        }

        @Override
        Double fromNumber(JsonParser p) throws IOException {
            return p.getDoubleValue();
        }

        @Override
        Double fromBoolean(JsonParser p, boolean value) {
            return value ? 1.0 : 0.0;
        }
    }

    /** The text with each lone surrogate replaced by U+FFFD; the same string when there is none. */
    static String wellFormed(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (Character.isSurrogate(c)) {
                return replaceLoneSurrogates(text, i);
            }
        }
        return text;
    }

    private static String replaceLoneSurrogates(String text, int from) {
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, from);
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
