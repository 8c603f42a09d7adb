package io.llmd.sim.api.schema;

import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.ToolCallOptions;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Writes the JSON text of a value of a compiled schema, as guided decoding makes a model write
 * one. Near the top, while the budget is roomy, it varies: optional properties half the time,
 * up to three items beyond the fewest, any enum value, the first workable non-null branch of a
 * choice. Deeper down, or once half the budget is spent, it writes the smallest value; a part
 * is only added or chosen when its smallest value fits what is left. Where the budget ends the
 * text ends, as a model's answer ends at max_tokens. Every choice goes through the seeded
 * generator.
 *
 * <p>A tool call's arguments follow the {@link ToolCallOptions} besides: numbers within their
 * range, array lengths within theirs, optional parameters and fields each given with their
 * probability (a schema's own bounds win where they are tighter); a {@code response_format}
 * answer has none.
 */
final class SchemaFaker {
    /** The longest word with the space before it (" sierra"), and the shortest word. */
    static final int LONGEST_WORD = 7;

    static final int SHORTEST_WORD = 4;
    /** The deepest a value nests; the compiler refuses a schema whose smallest value nests deeper. */
    static final int MAX_DEPTH = 64;

    private static final String[] WORDS = {
        "alpha", "bravo", "delta", "echo", "golf", "kilo", "lima", "oscar", "sierra", "tango"
    };
    private static final int VARIED_DEPTH = 6;
    private static final int EXTRA_ITEMS = 3;
    private static final int UNIQUE_TRIES = 8;
    private final SeededRandom random;
    private final JsonBudget out;
    /** The bounds of a tool call's arguments; null for other answers. */
    private final @Nullable ToolCallOptions tools;

    SchemaFaker(SeededRandom random, JsonBudget out, @Nullable ToolCallOptions tools) {
        this.random = random;
        this.out = out;
        this.tools = tools;
    }

    void write(Shape root) {
        value(root, 0);
    }

    private void value(Shape shape, int depth) {
        if (out.cut()) {
            return;
        }
        switch (concrete(shape, depth)) {
            case Shape.Literal literal ->
                out.write(
                        varied(depth)
                                ? literal.texts.get(random.nextInt(literal.texts.size()))
                                : literal.texts.get(literal.shortest));
            case Shape.Text text -> string(text, depth);
            case Shape.Numeric numeric -> out.write(number(numeric.range, depth));
            case Shape.ArrayOf array -> array(array, depth);
            case Shape.ObjectOf object -> object(object, depth);
            case Shape other -> throw new IllegalStateException("no value to write for " + other);
        }
    }

    /** The shape a value is made of: links followed, a branch chosen. */
    private Shape concrete(Shape shape, int depth) {
        Shape current = shape;
        while (true) {
            if (current instanceof Shape.Link link) {
                current = link.target;
            } else if (current instanceof Shape.Choice choice) {
                current = branch(choice, depth);
            } else {
                return current;
            }
        }
    }

    private Shape branch(Shape.Choice choice, int depth) {
        if (varied(depth)) {
            for (Shape branch : choice.branches) {
                if (fits(branch, depth) && !isNull(branch)) {
                    return branch;
                }
            }
        }
        return choice.smallest;
    }

    private static boolean isNull(Shape shape) {
        Shape current = shape;
        while (current instanceof Shape.Link link) {
            current = link.target;
        }
        return current instanceof Shape.Literal literal && literal.texts.equals(java.util.List.of("null"));
    }

    private boolean varied(int depth) {
        return depth < VARIED_DEPTH && !out.tight();
    }

    /** Whether a value of {@code shape} at {@code depth} can be finished within the depth and the budget left. */
    private boolean fits(Shape shape, int depth) {
        return shape.finite()
                && depth + shape.minDepth <= MAX_DEPTH
                && shape.minTokens <= out.tokensLeft()
                && shape.minChars <= out.charsLeft();
    }

    /** A number: within the tool-call bounds when they meet the schema's range, else as the schema alone gives it. */
    private String number(NumberRange range, int depth) {
        if (tools != null) {
            String bounded = range.integer()
                    ? range.pickBetween(
                            random, BigDecimal.valueOf(tools.minInteger()), BigDecimal.valueOf(tools.maxInteger()))
                    : range.pickBetween(
                            random, BigDecimal.valueOf(tools.minNumber()), BigDecimal.valueOf(tools.maxNumber()));
            if (bounded != null) {
                return bounded;
            }
        }
        return varied(depth) ? range.pick(random) : range.smallest();
    }

    private void string(Shape.Text text, int depth) {
        String start = switch (text.format) {
            case "date" -> "2026-0" + random.nextInt(1, 10) + "-1" + random.nextInt(10);
            case "date-time" -> "2026-0" + random.nextInt(1, 10) + "-1" + random.nextInt(10) + "T12:00:00Z";
            case "email" -> word() + "@example.com";
            case "uri", "url" -> "https://example.com/" + word();
            case "uuid" ->
                random.hex(8) + "-" + random.hex(4) + "-4" + random.hex(3) + "-a" + random.hex(3) + "-"
                        + random.hex(12);
            default -> word() + (varied(depth) && random.nextInt(2) == 1 ? " " + word() : "");
        };
        out.write('"');
        long length = Math.min(start.length(), text.maxLength);
        if (length > 0) {
            out.write(start.substring(0, (int) length));
        }
        // Pad word by word, so that the budget stops a long string as it stops anything else.
        while (length < text.minLength && !out.cut()) {
            long room = text.maxLength - length;
            // A lone last character is punctuation, which never joins the word before it into one token.
            String piece = room >= 2 ? " " + word() : ".";
            piece = piece.substring(0, (int) Math.min(piece.length(), room));
            out.write(piece);
            length += piece.length();
        }
        out.write('"');
    }

    private void array(Shape.ArrayOf array, int depth) {
        long count = array.minItems;
        if (tools != null) {
            count = toolArrayLength(array, tools);
        } else if (varied(depth)) {
            long preferred = array.minGiven ? array.minItems : Math.min(1, array.maxItems);
            long extra = Math.min(array.maxItems - preferred, EXTRA_ITEMS);
            count = preferred + (extra > 0 ? random.nextInt((int) extra + 1) : 0);
        }
        Set<String> seen = array.unique ? new HashSet<>() : null;
        int offset = random.nextInt(1 << 16);
        out.write('[');
        for (long i = 0; i < count && !out.cut(); i++) {
            Shape item = array.item(i);
            boolean optional = i >= array.minItems;
            if (optional
                    && (!fits(item, depth + 1) || (seen != null && !distinctLeft(item, i - array.prefix.size())))) {
                break;
            }
            if (i > 0) {
                out.write(',');
            }
            if (seen != null && i >= array.prefix.size()) {
                uniqueItem(item, depth + 1, seen, i - array.prefix.size(), offset);
            } else {
                value(item, depth + 1);
            }
        }
        out.write(']');
    }

    /**
     * A tool call's array length: drawn evenly within the tool-call bounds where they meet the
     * schema's minItems..maxItems, else the schema's bound nearest them.
     */
    private long toolArrayLength(Shape.ArrayOf array, ToolCallOptions tools) {
        long low = Math.max(array.minItems, tools.minArrayLength());
        long high = Math.min(array.maxItems, tools.maxArrayLength());
        if (low > high) {
            return tools.minArrayLength() > array.maxItems ? array.maxItems : array.minItems;
        }
        return low + random.nextInt((int) Math.min(Integer.MAX_VALUE - 1, high - low) + 1);
    }

    /** Whether the {@code index}-th item after the positional ones can still differ from those before it. */
    private static boolean distinctLeft(Shape item, long index) {
        Shape current = item;
        while (current instanceof Shape.Link link) {
            current = link.target;
        }
        if (current instanceof Shape.Literal literal) {
            return index < literal.texts.size();
        }
        if (current instanceof Shape.Numeric numeric && numeric.range.count() != null) {
            return numeric.range.count().compareTo(java.math.BigInteger.valueOf(index)) > 0;
        }
        return true;
    }

    /**
     * An item of a uniqueItems array: literals and numbers are taken in turn, so they differ by
     * construction; anything else is made again (a few times) while it repeats an earlier item.
     */
    private void uniqueItem(Shape item, int depth, Set<String> seen, long index, int offset) {
        Shape current = item;
        while (current instanceof Shape.Link link) {
            current = link.target;
        }
        if (current instanceof Shape.Literal literal) {
            out.write(literal.texts.get((int) ((offset + index) % literal.texts.size())));
            return;
        }
        if (current instanceof Shape.Numeric numeric) {
            out.write(numeric.range.nth(index));
            return;
        }
        for (int attempt = 0; ; attempt++) {
            JsonBudget.Mark mark = out.mark();
            value(item, depth);
            if (out.cut() || seen.add(out.since(mark)) || attempt == UNIQUE_TRIES) {
                return;
            }
            out.reset(mark);
        }
    }

    private void object(Shape.ObjectOf object, int depth) {
        boolean varied = varied(depth);
        Set<String> written = new HashSet<>();
        long requiredLeft = object.required.size();
        out.write('{');
        for (Map.Entry<String, Shape> property : object.properties.entrySet()) {
            if (out.cut()) {
                break;
            }
            String name = property.getKey();
            boolean required = object.requires(name);
            if (required
                    || (varied
                            && written.size() + requiredLeft < object.maxProperties
                            && optionalGiven(depth)
                            && fits(property.getValue(), depth + 1))) {
                member(name, property.getValue(), depth, written);
                requiredLeft -= required ? 1 : 0;
            }
        }
        for (String name : object.required) {
            if (!written.contains(name) && !out.cut()) {
                member(name, object.property(name), depth, written);
            }
        }
        if (written.size() < object.minProperties) {
            for (Map.Entry<String, Shape> property : object.properties.entrySet()) {
                if (written.size() >= object.minProperties || out.cut()) {
                    break;
                }
                Shape shape = property.getValue();
                if (!written.contains(property.getKey()) && shape.finite() && depth + 1 + shape.minDepth <= MAX_DEPTH) {
                    member(property.getKey(), shape, depth, written);
                }
            }
        }
        for (long extra = 0;
                written.size() < object.minProperties && object.additional.finite() && !out.cut();
                extra++) {
            String name = "p" + extra;
            if (!written.contains(name) && !object.properties.containsKey(name)) {
                member(name, object.additional, depth, written);
            }
        }
        out.write('}');
    }

    /**
     * Whether an optional property is given: half the time, or for a tool call with the
     * probability of a parameter (the arguments object itself) or of an object's field.
     */
    private boolean optionalGiven(int depth) {
        if (tools == null) {
            return random.nextInt(2) == 1;
        }
        double percent = depth == 0 ? tools.optionalParamPercent() : tools.optionalFieldPercent();
        return random.nextDouble() * 100 < percent;
    }

    private void member(String name, Shape shape, int depth, Set<String> written) {
        if (!written.isEmpty()) {
            out.write(',');
        }
        out.write(JsonBudget.key(name));
        value(shape, depth + 1);
        written.add(name);
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }
}
