package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON object whose values are strings, numbers, booleans or null, as vLLM's
 * {@code --kv-events-config} is written; the engine has no JSON library, and needs no more.
 * Numbers are kept as their text, null as Java null.
 */
final class FlatJson {
    private final String text;
    private int pos;

    private FlatJson(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException naming what is wrong */
    static Map<String, @Nullable String> parse(String text) {
        FlatJson json = new FlatJson(text);
        Map<String, @Nullable String> values = json.object();
        json.space();
        if (json.pos != text.length()) {
            throw new IllegalArgumentException("must be one JSON object; unexpected text at " + json.pos);
        }
        return values;
    }

    private Map<String, @Nullable String> object() {
        Map<String, @Nullable String> values = new LinkedHashMap<>();
        expect('{');
        space();
        if (peek() == '}') {
            pos++;
            return values;
        }
        while (true) {
            space();
            String key = string();
            space();
            expect(':');
            space();
            values.put(key, value());
            space();
            char next = next();
            if (next == '}') {
                return values;
            }
            if (next != ',') {
                throw new IllegalArgumentException("expected ',' or '}' at " + (pos - 1));
            }
        }
    }

    private @Nullable String value() {
        char c = peek();
        if (c == '"') {
            return string();
        }
        int start = pos;
        while (pos < text.length() && "-+.0123456789eEtruefalsn".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String word = text.substring(start, pos).toLowerCase(Locale.ROOT);
        if (word.equals("null")) {
            return null;
        }
        if (word.equals("true") || word.equals("false") || word.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            return word;
        }
        throw new IllegalArgumentException("values must be strings, numbers, true, false or null (at " + start + ")");
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                char escaped = next();
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw new IllegalArgumentException("unfinished \\u escape");
                        }
                        out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        pos += 4;
                    }
                    default -> out.append(escaped);
                }
            } else {
                out.append(c);
            }
        }
    }

    private void space() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw new IllegalArgumentException("ends too early");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char c) {
        if (next() != c) {
            throw new IllegalArgumentException("expected '" + c + "' at " + (pos - 1));
        }
    }
}
