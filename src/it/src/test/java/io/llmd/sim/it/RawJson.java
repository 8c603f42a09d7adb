package io.llmd.sim.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A JSON object written field by field, each value as raw JSON text, so that a test can put
 * anything in a field: a wrong type, NaN, a number too large for any integer, invalid JSON.
 */
final class RawJson {
    private final Map<String, String> fields;

    private RawJson(Map<String, String> fields) {
        this.fields = fields;
    }

    /** Fields as name, raw value, name, raw value, ... */
    static RawJson of(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return new RawJson(fields);
    }

    /** A copy with this field set to a raw value (added last when new), or removed when the value is null. */
    RawJson with(String name, String raw) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        if (raw == null) {
            copy.remove(name);
        } else {
            copy.put(name, raw);
        }
        return new RawJson(copy);
    }

    String text() {
        StringJoiner json = new StringJoiner(",", "{", "}");
        fields.forEach((name, raw) -> json.add(SimClient.quote(name) + ":" + raw));
        return json.toString();
    }

    /** A JSON string literal. */
    static String str(String text) {
        return SimClient.quote(text);
    }
}
