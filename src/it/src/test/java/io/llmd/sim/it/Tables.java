package io.llmd.sim.it;

/** What the corpus tables share: routes by short name, extra fields in a cell, labels for ids. */
final class Tables {
    /** A cell's extra fields giving a request one function tool, {@code f}. */
    static final String TOOL_F = "tools=[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
            + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}]";

    private Tables() {}

    static Route route(String shortName) {
        for (Route route : Route.values()) {
            if (route.shortName().equals(shortName)) {
                return route;
            }
        }
        throw new IllegalArgumentException(shortName);
    }

    /** A body with a cell's extra fields set: {@code name=raw;name=raw}, a raw "-" removing the field. */
    static RawJson apply(RawJson body, String cell) {
        RawJson result = body;
        if (cell.isEmpty()) {
            return result;
        }
        for (String assignment : cell.split(";(?=\\w+=)")) {
            int eq = assignment.indexOf('=');
            String raw = assignment.substring(eq + 1);
            result = result.with(assignment.substring(0, eq), raw.equals("-") ? null : raw);
        }
        return result;
    }

    /** A raw value short enough for an id, in printable ASCII. */
    static String label(String raw) {
        StringBuilder label = new StringBuilder();
        for (char c : (raw.length() <= 100 ? raw : raw.substring(0, 97) + "...").toCharArray()) {
            label.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return label.toString();
    }
}
