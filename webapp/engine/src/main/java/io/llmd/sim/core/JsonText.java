package io.llmd.sim.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON text into plain values: objects as ordered maps, arrays as lists, numbers as
 * {@link BigDecimal}, strings, booleans and null. Written by hand so that the engine reads flag
 * values such as {@code --fake-metrics} without a JSON library (the launcher checks flags with the
 * engine alone); strict about syntax, with a message naming where the text goes wrong.
 */
final class JsonText {
    private final String text;
    private int pos;

    private JsonText(String text) {
        this.text = text;
    }

    /**
     * The value of a whole JSON text.
     *
     * @throws IllegalArgumentException naming where the text is not JSON
     */
    static @Nullable Object parse(String text) {
        JsonText reader = new JsonText(text);
        @Nullable Object value = reader.value();
        reader.skipSpace();
        if (reader.pos != text.length()) {
            throw reader.error("unexpected text after the value");
        }
        return value;
    }

    /** A JSON value read from the start of a text, and where it ends. */
    record Leading(@Nullable Object value, int end) {}

    /**
     * The JSON value that starts at {@code from} in a longer text (such as several items separated
     * by white space), and the index just after it.
     *
     * @throws IllegalArgumentException naming where the value is not JSON
     */
    static Leading parseAt(String text, int from) {
        JsonText reader = new JsonText(text);
        reader.pos = from;
        @Nullable Object value = reader.value();
        return new Leading(value, reader.pos);
    }

    /** A value shown as JSON text again: maps, lists, strings, numbers, booleans and null. */
    static String show(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    write(out, String.valueOf(entry.getKey()));
                    out.append(':');
                    write(out, entry.getValue());
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case String string -> {
                out.append('"');
                for (int i = 0; i < string.length(); i++) {
                    char c = string.charAt(i);
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\r' -> out.append("\\r");
                        case '\t' -> out.append("\\t");
                        default -> {
                            if (c < 0x20) {
                                out.append(String.format("\\u%04x", (int) c));
                            } else {
                                out.append(c);
                            }
                        }
                    }
                }
                out.append('"');
            }
            case BigDecimal number -> out.append(number.toPlainString());
            default -> out.append(value);
        }
    }

    private @Nullable Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", true);
            case 'f' -> literal("false", false);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object() {
        Map<String, Object> object = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek('}')) {
            pos++;
            return object;
        }
        while (true) {
            skipSpace();
            if (!peek('"')) {
                throw error("a key in quotes is expected");
            }
            String key = string();
            skipSpace();
            expect(':');
            if (object.containsKey(key)) {
                throw error("the key '" + key + "' is given twice");
            }
            object.put(key, value());
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect('}');
                return object;
            }
        }
    }

    private List<Object> array() {
        List<Object> array = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek(']')) {
            pos++;
            return array;
        }
        while (true) {
            array.add(value());
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect(']');
                return array;
            }
        }
    }

    private String string() {
        StringBuilder out = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (pos >= text.length()) {
                break;
            }
            char escaped = text.charAt(pos++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    // Four ASCII hex digits exactly: Integer.parseInt would also take a sign ("+1AB"),
                    // Character.digit other scripts' digits.
                    int code = 0;
                    for (int i = 0; i < 4; i++) {
                        int digit = pos < text.length() ? hexDigit(text.charAt(pos)) : -1;
                        if (digit < 0) {
                            throw error("a \\u escape needs four hex digits");
                        }
                        code = code * 16 + digit;
                        pos++;
                    }
                    out.append((char) code);
                }
                default -> throw error("unknown escape \\" + escaped);
            }
        }
        throw error("a string is not closed");
    }

    private BigDecimal number() {
        int start = pos;
        while (pos < text.length() && "+-0123456789.eE".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        try {
            return new BigDecimal(text.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("'" + text.substring(start, Math.min(text.length(), start + 20)) + "' is not a number");
        }
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        pos += word.length();
        return value;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("'" + c + "' is expected");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    private Malformed error(String problem) {
        return new Malformed(pos + 1, problem);
    }

    /** Where a text stops being JSON (a 1-based character) and why. */
    static final class Malformed extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int character;
        private final String problem;

        Malformed(int character, String problem) {
            super("is not valid JSON at character " + character + ": " + problem);
            this.character = character;
            this.problem = problem;
        }

        int character() {
            return character;
        }

        String problem() {
            return problem;
        }
    }
}
