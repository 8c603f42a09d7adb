package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads vLLM's {@code --lora-modules} items: {@code name=path}, or a flat JSON object such as
 * {@code {"name":"a","path":"/p","base_model_name":"m"}} (read by {@link JsonText}), separated by
 * white space, so that the launcher can validate flags without a JSON library.
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
        JsonText.Leading item;
        try {
            item = JsonText.parseAt(text, pos);
        } catch (JsonText.Malformed e) {
            throw new IllegalArgumentException("bad JSON item at character " + e.character() + ": " + e.problem(), e);
        }
        if (!(item.value() instanceof Map<?, ?> fields)) {
            throw error("an item in braces must be a JSON object");
        }
        for (Map.Entry<?, ?> field : fields.entrySet()) {
            if (field.getValue() != null && !(field.getValue() instanceof String)) {
                throw error("\"" + field.getKey() + "\" must be a string");
            }
        }
        pos = item.end();
        String name = (String) fields.get("name");
        String path = (String) fields.get("path");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a JSON item needs \"name\"");
        }
        // The Go simulator's items may name the adapter only ({"name":"a"}): its name is its path.
        return new LoraModule(name, path == null || path.isEmpty() ? name : path);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("bad JSON item at character " + (pos + 1) + ": " + what);
    }
}
