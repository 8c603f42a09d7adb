package io.llmd.sim.api.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of a compiled schema: the kind of value it allows and its constraints. A node is
 * either a choice (its value is one of its options') or a compound (its value holds a value of
 * each of its parts, some several times); {@link ShapeSizes} fills in the size of the smallest
 * value the faker makes from it.
 */
abstract sealed class Shape {
    static final long INFINITE = Long.MAX_VALUE;

    /** Tokens and characters of the smallest value, and how deep it nests; INFINITE when there is none. */
    long minTokens = INFINITE;

    long minChars = INFINITE;
    int minDepth;
    /** For a choice: the option that gives the smallest value; set by {@link ShapeSizes} once the choice is finite. */
    @SuppressWarnings("NullAway.Init")
    Shape smallest;

    boolean finite() {
        return minTokens != INFINITE;
    }

    /** A part of a compound and how many times its value is in the compound's smallest value. */
    record Part(Shape shape, long count) {}

    /** The options of a choice; empty for a compound. */
    List<Shape> options() {
        return List.of();
    }

    /** The parts of a compound's smallest value; empty for a leaf or a choice. */
    List<Part> parts() {
        return List.of();
    }

    /** The compound's own tokens in its smallest value (brackets, keys, commas), beside its parts'. */
    long baseTokens() {
        return 0;
    }

    long baseChars() {
        return 0;
    }

    /** Stands for a schema node while it is compiled, so that a $ref cycle closes on it. */
    static final class Link extends Shape {
        /** Set as soon as the schema node it stands for is compiled (the link exists first, for cycles). */
        @SuppressWarnings("NullAway.Init")
        Shape target;

        @Override
        List<Shape> options() {
            return List.of(target);
        }
    }

    /** Values written as they are: const, enum, boolean, null. */
    static final class Literal extends Shape {
        final List<String> texts;
        /** The index of the shortest text. */
        final int shortest;

        Literal(List<String> texts) {
            this.texts = List.copyOf(new java.util.LinkedHashSet<>(texts));
            int best = 0;
            for (int i = 1; i < this.texts.size(); i++) {
                String text = this.texts.get(i);
                long tokens = JsonBudget.tokens(text);
                long bestTokens = JsonBudget.tokens(this.texts.get(best));
                if (tokens < bestTokens
                        || (tokens == bestTokens
                                && text.length() < this.texts.get(best).length())) {
                    best = i;
                }
            }
            this.shortest = best;
        }

        @Override
        long baseTokens() {
            return JsonBudget.tokens(texts.get(shortest));
        }

        @Override
        long baseChars() {
            return texts.get(shortest).length();
        }
    }

    /** A string: made of words, padded to minLength and cut at maxLength, or of a format's shape. */
    static final class Text extends Shape {
        final long minLength;
        final long maxLength;
        final String format;

        Text(long minLength, long maxLength, String format) {
            this.minLength = minLength;
            this.maxLength = maxLength;
            this.format = format;
        }

        static Text any() {
            return new Text(0, INFINITE, "");
        }

        /** At least the quotes and one word per {@link SchemaFaker#LONGEST_WORD} characters of minLength. */
        @Override
        long baseTokens() {
            return 2
                    + (maxLength == 0
                            ? 0
                            : Math.max(1, (minLength + SchemaFaker.LONGEST_WORD - 1) / SchemaFaker.LONGEST_WORD));
        }

        @Override
        long baseChars() {
            return 2 + Math.min(Math.max(minLength, SchemaFaker.SHORTEST_WORD), maxLength);
        }
    }

    /** An integer or a number. */
    static final class Numeric extends Shape {
        final NumberRange range;

        Numeric(NumberRange range) {
            this.range = range;
        }

        @Override
        long baseTokens() {
            return JsonBudget.tokens(range.smallest());
        }

        @Override
        long baseChars() {
            return range.smallest().length();
        }
    }

    /** One of several schemas: anyOf, oneOf, or a list of types. */
    static final class Choice extends Shape {
        final List<Shape> branches;

        Choice(List<Shape> branches) {
            this.branches = List.copyOf(branches);
        }

        @Override
        List<Shape> options() {
            return branches;
        }
    }

    /** No value at all (the schema {@code false}). */
    static final class Never extends Shape {}

    /** An array: positional items first, then items of one schema (none when {@code rest} is Never). */
    static final class ArrayOf extends Shape {
        final List<Shape> prefix;
        final Shape rest;
        final long minItems;
        final long maxItems;
        /** Whether minItems was given: without it the faker likes to give at least one item. */
        final boolean minGiven;

        final boolean unique;

        ArrayOf(List<Shape> prefix, Shape rest, long minItems, long maxItems, boolean minGiven, boolean unique) {
            this.prefix = List.copyOf(prefix);
            this.rest = rest;
            this.minItems = minItems;
            this.maxItems = maxItems;
            this.minGiven = minGiven;
            this.unique = unique;
        }

        Shape item(long index) {
            return index < prefix.size() ? prefix.get((int) index) : rest;
        }

        @Override
        List<Part> parts() {
            List<Part> parts = new ArrayList<>();
            long positional = Math.min(minItems, prefix.size());
            for (int i = 0; i < positional; i++) {
                parts.add(new Part(prefix.get(i), 1));
            }
            if (minItems > positional) {
                parts.add(new Part(rest, minItems - positional));
            }
            return parts;
        }

        @Override
        long baseTokens() {
            return 2 + Math.max(0, minItems - 1);
        }

        @Override
        long baseChars() {
            return baseTokens();
        }
    }

    /**
     * An object: its declared properties in order, the required names, and the schema of other
     * properties ({@code additional}, Never when none are allowed).
     */
    static final class ObjectOf extends Shape {
        /** What an extra property's name and separators cost at least: {@code ,"p1":}. */
        static final int EXTRA_NAME_TOKENS = 5;

        final Map<String, Shape> properties;
        final List<String> required;
        private final Set<String> requiredNames;
        final Shape additional;
        final long minProperties;
        final long maxProperties;
        private final long keyTokens;
        private final long keyChars;

        ObjectOf(
                Map<String, Shape> properties,
                List<String> required,
                Shape additional,
                long minProperties,
                long maxProperties) {
            this.properties = new LinkedHashMap<>(properties);
            this.required = List.copyOf(required);
            this.requiredNames = Set.copyOf(required);
            this.additional = additional;
            this.minProperties = minProperties;
            this.maxProperties = maxProperties;
            long tokens = 0;
            long chars = 0;
            for (String name : required) {
                String key = JsonBudget.key(name);
                tokens += JsonBudget.tokens(key);
                chars += key.length();
            }
            this.keyTokens = tokens;
            this.keyChars = chars;
        }

        boolean requires(String name) {
            return requiredNames.contains(name);
        }

        /** The schema of the property {@code name}. */
        Shape property(String name) {
            Shape declared = properties.get(name);
            return declared != null ? declared : additional;
        }

        /** Properties the smallest value has beyond the required ones, to reach minProperties. */
        long extras() {
            return Math.max(0, minProperties - required.size());
        }

        @Override
        List<Part> parts() {
            List<Part> parts = new ArrayList<>();
            for (String name : required) {
                parts.add(new Part(property(name), 1));
            }
            if (extras() > 0 && !(additional instanceof Never)) {
                parts.add(new Part(additional, extras()));
            }
            return parts;
        }

        @Override
        long baseTokens() {
            return ShapeSizes.add(
                    2 + keyTokens + Math.max(0, required.size() - 1), ShapeSizes.times(extras(), EXTRA_NAME_TOKENS));
        }

        @Override
        long baseChars() {
            return ShapeSizes.add(
                    2 + keyChars + Math.max(0, required.size() - 1), ShapeSizes.times(extras(), EXTRA_NAME_TOKENS));
        }
    }
}
