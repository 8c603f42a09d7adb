package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Hostile JSON schemas, each as a {@code response_format} and as the parameters of a tool the
 * model must call: sizes of two billion, arrays nested six deep forty wide, bounds of 1e300,
 * recursive references, contradictions. Whatever a schema asks for, the answer is bounded (by
 * max_tokens and the context, and the work to build it by a small budget); an impossible schema
 * is a 400.
 */
final class SchemaCases {
    /** The most an answer of {@code max_tokens: 64} may weigh, per choice, however long its tokens. */
    private static final long BOUND = 1 << 20;

    private SchemaCases() {}

    /* name | schema | expected: A = bounded and never a 5xx, R = a 400 (impossible). */
    private static final String[][] TABLE = {
        {"min-items-2e9", "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":2000000000}", "A"},
        {"min-length-2e9", "{\"type\":\"string\",\"minLength\":2000000000}", "A"},
        {
            "property-min-items-2e9",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"minItems\":2000000000,"
                    + "\"items\":{\"type\":\"string\"}}},\"required\":[\"a\"]}",
            "A"
        },
        {
            "property-min-length-2e9",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"minLength\":2000000000}},"
                    + "\"required\":[\"a\"]}",
            "A"
        },
        {"min-length-2e9-date-time", "{\"type\":\"string\",\"format\":\"date-time\",\"minLength\":2000000000}", "A"},
        {"nested-arrays-6x40", nestedArrays(6, 40), "A"},
        {"nested-arrays-10x10", nestedArrays(10, 10), "A"},
        {
            "min-properties-2e9",
            "{\"type\":\"object\",\"minProperties\":2000000000,\"additionalProperties\":{\"type\":\"string\"}}",
            "A"
        },
        {"required-5000-properties", manyRequired(5000), "A"},
        {"enum-100k", "{\"enum\":[" + "\"v\",".repeat(99_999) + "\"v\"]}", "A"},
        {"const-100kb", "{\"const\":\"" + "c".repeat(100_000) + "\"}", "A"},
        {
            "prefix-items-1000",
            "{\"type\":\"array\",\"prefixItems\":[" + "{\"type\":\"string\"},".repeat(999) + "{\"type\":\"string\"}]}",
            "A"
        },
        {"nested-objects-300", nestedObjects(300), "A"},
        {"integer-1e300-bounds", "{\"type\":\"integer\",\"minimum\":-1e300,\"maximum\":1e300}", "A"},
        {"number-1e300-bounds", "{\"type\":\"number\",\"minimum\":-1e300,\"maximum\":1e300}", "A"},
        {"integer-minimum-1e300", "{\"type\":\"integer\",\"minimum\":1e300}", "A"},
        {"integer-maximum-minus-1e300", "{\"type\":\"integer\",\"maximum\":-1e300}", "A"},
        {"number-near-max-double", "{\"type\":\"number\",\"minimum\":1.7e308,\"maximum\":1.79e308}", "A"},
        {
            "integer-long-max",
            "{\"type\":\"integer\",\"minimum\":9223372036854775807,\"maximum\":9223372036854775807}",
            "A"
        },
        {
            "integer-beyond-long",
            "{\"type\":\"integer\",\"minimum\":9300000000000000000,\"maximum\":9400000000000000000}",
            "A"
        },
        {"integer-exclusive-1e300", "{\"type\":\"integer\",\"exclusiveMinimum\":-1e300,\"exclusiveMaximum\":1e300}", "A"
        },
        {"multiple-of-zero", "{\"type\":\"integer\",\"multipleOf\":0}", "A"},
        {"multiple-of-1e-300", "{\"type\":\"number\",\"multipleOf\":1e-300}", "A"},
        {"multiple-of-1e300", "{\"type\":\"integer\",\"minimum\":1,\"multipleOf\":1e300}", "A"},
        {"ref-root", "{\"type\":\"object\",\"properties\":{\"self\":{\"$ref\":\"#\"}},\"required\":[\"self\"]}", "A"},
        {"ref-self-only", "{\"$ref\":\"#\"}", "A"},
        {
            "ref-defs-recursive",
            "{\"$defs\":{\"n\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/n\"}},"
                    + "\"required\":[\"next\"]}},\"$ref\":\"#/$defs/n\"}",
            "A"
        },
        {
            "ref-loop",
            "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}",
            "A"
        },
        {"ref-missing", "{\"$ref\":\"#/$defs/missing\"}", "A"},
        {"ref-external", "{\"$ref\":\"http://127.0.0.1:9/schema.json\"}", "A"},
        {"ref-array-of-self", "{\"type\":\"array\",\"minItems\":3,\"items\":{\"$ref\":\"#\"}}", "A"},
        {"impossible-integer-range", "{\"type\":\"integer\",\"minimum\":10,\"maximum\":1}", "R"},
        {"impossible-number-range", "{\"type\":\"number\",\"minimum\":10.5,\"maximum\":-3}", "R"},
        {"impossible-string-length", "{\"type\":\"string\",\"minLength\":10,\"maxLength\":2}", "R"},
        {"impossible-array-size", "{\"type\":\"array\",\"minItems\":5,\"maxItems\":1}", "R"},
        {"impossible-empty-enum", "{\"enum\":[]}", "R"},
        {"impossible-exclusive-range", "{\"type\":\"integer\",\"exclusiveMinimum\":5,\"exclusiveMaximum\":5}", "R"},
        {"impossible-no-integer-between", "{\"type\":\"integer\",\"minimum\":1.2,\"maximum\":1.8}", "R"},
        {
            "impossible-property-range",
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\",\"minimum\":3,"
                    + "\"maximum\":2}},\"required\":[\"a\"]}",
            "R"
        },
        {
            "unique-items-beyond-enum",
            "{\"type\":\"array\",\"uniqueItems\":true,\"minItems\":3,\"items\":{\"enum\":[1]}}",
            "A"
        },
        {"all-of-contradiction", "{\"allOf\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}", "A"},
        {"any-of-empty", "{\"anyOf\":[]}", "A"},
        {"not-anything", "{\"not\":{}}", "A"},
        {"schema-false", "false", "A"},
        {"type-bogus", "{\"type\":\"bogus\"}", "A"},
        {"type-number-value", "{\"type\":5}", "A"},
        {"type-list", "{\"type\":[\"string\",\"null\"]}", "A"},
        {"properties-not-object", "{\"type\":\"object\",\"properties\":5}", "A"},
        {"items-not-schema", "{\"type\":\"array\",\"items\":5,\"minItems\":1}", "A"},
        {"min-length-not-number", "{\"type\":\"string\",\"minLength\":\"x\"}", "A"},
        {"min-items-negative", "{\"type\":\"array\",\"minItems\":-5}", "A"},
        {"max-length-negative", "{\"type\":\"string\",\"maxLength\":-1}", "A"},
        {"min-items-infinite", "{\"type\":\"array\",\"minItems\":1e400}", "A"},
        {"pattern-catastrophic", "{\"type\":\"string\",\"pattern\":\"^(a+)+$\",\"minLength\":40}", "A"},
        {"pattern-invalid", "{\"type\":\"string\",\"pattern\":\"(\"}", "A"},
    };

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        RawJson chat = Route.CHAT.valid().with("max_tokens", "64");
        for (String[] row : TABLE) {
            String schema = row[1];
            Expect expect = row[2].equals("R") ? Expect.status(400) : Expect.ANY.bounded(BOUND);
            String format = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":" + schema + "}}";
            cases.add(HostileCase.perPass(
                    "schema/response-format/" + row[0],
                    pass -> Route.CHAT.post(chat.with("response_format", format).text()),
                    expect));
            String tool = "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                    + (schema.startsWith("{\"type\":\"object\"")
                            ? schema
                            : "{\"type\":\"object\",\"properties\":{\"p\":" + schema + "},\"required\":[\"p\"]}")
                    + "}}]";
            cases.add(HostileCase.perPass(
                    "schema/tool/" + row[0],
                    pass -> Route.CHAT.post(chat.with("tools", tool)
                            .with("tool_choice", "\"required\"")
                            .text()),
                    expect));
        }
        // The same bombs for several choices at once, whole and streamed.
        for (String name : List.of("min-items-2e9", "nested-arrays-6x40", "ref-defs-recursive")) {
            String schema = schema(name);
            String format = "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":" + schema + "}}";
            cases.add(HostileCase.perPass(
                    "schema/response-format/" + name + "&n=4",
                    pass -> Route.CHAT.post(
                            chat.with("response_format", format).with("n", "4").text()),
                    Expect.ANY.bounded(4 * BOUND)));
            cases.add(HostileCase.perPass(
                    "schema/response-format/" + name + "&stream",
                    pass -> Route.CHAT.post(chat.with("response_format", format)
                            .with("stream", "true")
                            .text()),
                    Expect.ANY.bounded(BOUND)));
        }
        return cases;
    }

    private static String schema(String name) {
        for (String[] row : TABLE) {
            if (row[0].equals(name)) {
                return row[1];
            }
        }
        throw new IllegalArgumentException(name);
    }

    private static String nestedArrays(int depth, int width) {
        String schema = "{\"type\":\"integer\"}";
        for (int i = 0; i < depth; i++) {
            schema = "{\"type\":\"array\",\"minItems\":" + width + ",\"maxItems\":" + width + ",\"items\":" + schema
                    + "}";
        }
        return schema;
    }

    private static String nestedObjects(int depth) {
        String schema = "{\"type\":\"string\"}";
        for (int i = 0; i < depth; i++) {
            schema = "{\"type\":\"object\",\"properties\":{\"a\":" + schema + "},\"required\":[\"a\"]}";
        }
        return schema;
    }

    private static String manyRequired(int count) {
        StringBuilder properties = new StringBuilder();
        StringBuilder required = new StringBuilder();
        for (int i = 0; i < count; i++) {
            properties
                    .append(i == 0 ? "" : ",")
                    .append("\"p")
                    .append(i)
                    .append("\":{\"type\":\"string\",\"minLength\":50}");
            required.append(i == 0 ? "" : ",").append("\"p").append(i).append('"');
        }
        return "{\"type\":\"object\",\"properties\":{" + properties + "},\"required\":[" + required + "]}";
    }
}
