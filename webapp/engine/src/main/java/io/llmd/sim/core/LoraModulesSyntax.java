package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads vLLM's {@code --lora-modules} items: {@code name=path}, or a flat JSON object such as
 * {@code {"name":"a","path":"/p","base_model_name":"m"}}, separated by white space. Written by
 * hand so that the launcher can validate flags without a JSON library.
 */
final class LoraModulesSyntax {
    private final String text;
    private int pos;

    private LoraModulesSyntax(String text) {
        this.text = text;
    }

    static List<LoraModule> parse(String text) {
        return new LoraModulesSyntax(text).items();
    }

    /** The adapters as {@code name=path} items separated by spaces, as the start-up log shows them; none for none. */
    static String show(List<LoraModule> loras) {
        return loras.isEmpty()
                ? "none"
                : String.join(
                        " ",
                        loras.stream()
                                .map(lora -> lora.name() + "=" + lora.path())
                                .toList());
    }

    private List<LoraModule> items() {
        List<LoraModule> items = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                return items;
            }
            items.add(text.charAt(pos) == '{' ? jsonItem() : pairItem());
            if (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                throw error("items must be separated by white space");
            }
        }
    }

    private LoraModule pairItem() {
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        String item = text.substring(start, pos);
        int eq = item.indexOf('=');
        if (eq <= 0 || eq == item.length() - 1) {
            throw new IllegalArgumentException("'" + item + "' is not name=path");
        }
        return new LoraModule(item.substring(0, eq), item.substring(eq + 1));
    }

    private LoraModule jsonItem() {
        Map<String, String> fields = new HashMap<>();
        expect('{');
        skipSpace();
        if (peek() != '}') {
            do {
                skipSpace();
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                fields.put(key, peek() == 'n' ? literalNull() : string());
                skipSpace();
            } while (tryConsume(','));
        }
        expect('}');
        String name = fields.get("name");
        String path = fields.get("path");
        if (name == null || name.isEmpty() || path == null || path.isEmpty()) {
            throw new IllegalArgumentException("a JSON item needs \"name\" and \"path\"");
        }
        return new LoraModule(name, path);
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char escaped = text.charAt(pos++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        int code = 0;
                        for (int i = 0; i < 4; i++) {
                            int digit = pos < text.length() ? Character.digit(text.charAt(pos++), 16) : -1;
                            if (digit < 0) {
                                throw error("a \\u escape needs four hex digits");
                            }
                            code = code * 16 + digit;
                        }
                        out.append((char) code);
                    }
                    default -> out.append(escaped);
                }
            } else {
                out.append(c);
            }
        }
        throw error("an unterminated string");
    }

    private @Nullable String literalNull() {
        if (text.startsWith("null", pos)) {
            pos += 4;
            return null;
        }
        throw error("a value that is not a string");
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean tryConsume(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!tryConsume(c)) {
            throw error("'" + c + "' expected");
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON item at character " + (pos + 1) + ": " + what);
    }
}
