package io.llmd.sim.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Bodies that are not JSON, or JSON at its edges, on the JSON routes: truncated, trailing
 * garbage, nesting 100,000 deep, numbers no type holds, NaN, duplicate keys, byte order marks,
 * bytes that are not UTF-8. What is not JSON is a 400, as vLLM answers it; JSON at its edges may be
 * served or refused, never a 5xx.
 */
final class JsonSyntaxCases {
    private static final int DEEP = 100_000;

    private JsonSyntaxCases() {}

    /**
     * A variant of a route's valid body.
     *
     * @param name       the case's name
     * @param body       the route -> the body's bytes
     * @param expect     what it must get
     */
    private record Variant(String name, Function<Route, byte[]> body, Expect expect) {
        /** Whether a valid request may come of it: then it is not sent to the adapter routes, whose success changes state. */
        boolean maySucceed() {
            return expect.kind() == Expect.Kind.ANY;
        }
    }

    /**
     * The variants sent to the older routes other than chat and completions: one body parser serves all
     * routes, so these check each route's handling of a body that is no object, while the two
     * generation routes get every variant.
     */
    private static final Set<String> OTHER_ROUTES = Set.of(
            "empty",
            "null",
            "array",
            "number",
            "string",
            "truncated-half",
            "trailing-garbage",
            "nan",
            "deep-arrays-100k",
            "deep-in-field-100k",
            "invalid-utf8-ff",
            "invalid-utf8-overlong",
            "raw-control-char",
            "lone-surrogate-in-unknown-field",
            "utf8-bom",
            "over-the-body-limit");

    /**
     * The fewer variants sent to the Messages API's and the render routes: the same body parser as
     * the others, so these check that each answers a body that is no object, broken JSON, bad bytes
     * and an oversized body in its own error shape, at little cost to the corpus's time.
     */
    private static final Set<String> NEWER_ROUTES = Set.of(
            "empty",
            "array",
            "truncated-half",
            "deep-in-field-100k",
            "invalid-utf8-ff",
            "lone-surrogate-in-unknown-field",
            "over-the-body-limit");

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        for (Route route : Route.values()) {
            boolean generation = route == Route.CHAT || route == Route.COMPLETIONS;
            Set<String> names = route.newer() ? NEWER_ROUTES : OTHER_ROUTES;
            for (Variant variant : variants()) {
                if (variant.maySucceed() && route.changesState() || !generation && !names.contains(variant.name())) {
                    continue;
                }
                cases.add(HostileCase.perPass(
                        "syntax/" + route.shortName() + "/" + variant.name(),
                        pass -> route.post(variant.body().apply(route)),
                        variant.expect()));
            }
        }
        return cases;
    }

    private static List<Variant> variants() {
        Expect bad = Expect.status(400);
        List<Variant> variants = new ArrayList<>();
        variants.add(text("empty", route -> "", bad));
        variants.add(text("whitespace-only", route -> " \n\t ", bad));
        variants.add(text("open-brace", route -> "{", bad));
        variants.add(text("close-brace", route -> "}", bad));
        variants.add(text("open-bracket", route -> "[", bad));
        variants.add(text("null", route -> "null", bad));
        variants.add(text("array", route -> "[]", bad));
        variants.add(text("number", route -> "5", bad));
        variants.add(text("string", route -> "\"text\"", bad));
        variants.add(text("true", route -> "true", bad));
        variants.add(text(
                "truncated-half",
                route -> valid(route).substring(0, valid(route).length() / 2),
                bad));
        variants.add(text(
                "truncated-in-string",
                route -> valid(route).substring(0, valid(route).indexOf(":\"") + 4),
                bad));
        variants.add(text(
                "truncated-last-brace",
                route -> valid(route).substring(0, valid(route).length() - 1),
                bad));
        variants.add(text("trailing-garbage", route -> valid(route) + " garbage", bad));
        variants.add(text("two-objects", route -> valid(route) + valid(route), bad));
        variants.add(text("trailing-comma", route -> valid(route).replaceFirst("}$", ",}"), bad));
        variants.add(text("single-quotes", route -> valid(route).replace('"', '\''), bad));
        variants.add(text("unquoted-keys", route -> valid(route).replaceAll("\"(\\w+)\":", "$1:"), bad));
        variants.add(text("comment", route -> "/* a comment */" + valid(route), bad));
        variants.add(text(
                "nan", route -> route.valid().with(route.nameField(), "NaN").text(), bad));
        variants.add(text(
                "infinity",
                route -> route.valid().with(route.nameField(), "Infinity").text(),
                bad));
        variants.add(text(
                "minus-infinity",
                route -> route.valid().with(route.nameField(), "-Infinity").text(),
                bad));
        variants.add(
                text("leading-zeros", route -> route.valid().with("n", "007").text(), bad));
        variants.add(text("hex-number", route -> route.valid().with("n", "0x10").text(), bad));
        variants.add(text(
                "deep-arrays-100k",
                route -> route.valid()
                        .with("deep", "[".repeat(DEEP) + "]".repeat(DEEP))
                        .text(),
                bad));
        variants.add(text("deep-objects-100k", route -> "{\"a\":".repeat(DEEP) + "1" + "}".repeat(DEEP), bad));
        variants.add(text("deep-unclosed-100k", route -> "[".repeat(DEEP), bad));
        variants.add(text(
                "deep-in-field-100k",
                route -> route.valid()
                        .with(route.nameField(), "[".repeat(DEEP) + "]".repeat(DEEP))
                        .text(),
                bad));
        variants.add(text(
                "number-100k-digits",
                route -> route.valid().with("extra", "1" + "0".repeat(DEEP)).text(),
                Expect.ANY));
        variants.add(text(
                "exponent-huge",
                route -> route.valid().with("extra", "1e999999999").text(),
                Expect.ANY));
        variants.add(text(
                "raw-control-char",
                route -> route.valid().with("extra", "\"a\u0001b\"").text(),
                bad));
        variants.add(text(
                "raw-newline-in-string",
                route -> route.valid().with("extra", "\"a\nb\"").text(),
                bad));
        variants.add(text(
                "bad-escape", route -> route.valid().with("extra", "\"a\\xb\"").text(), bad));
        variants.add(text(
                "short-unicode-escape",
                route -> route.valid().with("extra", "\"a\\u12\"").text(),
                bad));
        variants.add(text("nul-byte-outside-string", route -> valid(route).replaceFirst("\\{", "{\u0000"), bad));
        variants.add(bytes("invalid-utf8-ff", route -> withRawString(route, new byte[] {'a', (byte) 0xff, 'b'}), bad));
        variants.add(bytes(
                "invalid-utf8-overlong", route -> withRawString(route, new byte[] {(byte) 0xc0, (byte) 0xaf}), bad));
        variants.add(bytes(
                "invalid-utf8-truncated",
                route -> withRawString(route, new byte[] {'a', (byte) 0xe2, (byte) 0x82}),
                bad));
        variants.add(bytes(
                "invalid-utf8-beyond-10ffff",
                route -> withRawString(route, new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                bad));
        variants.add(bytes(
                "invalid-utf8-five-bytes",
                route -> withRawString(
                        route, new byte[] {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}),
                bad));
        variants.add(bytes("invalid-utf8-in-name", route -> rawName(route, new byte[] {'x', (byte) 0xff}), bad));
        // Valid JSON, or nearly: served or refused, never a 5xx.
        variants.add(bytes(
                "cesu-surrogate-bytes",
                route -> rawName(route, new byte[] {'x', (byte) 0xed, (byte) 0xa0, (byte) 0x80}),
                Expect.ANY));
        variants.add(bytes(
                "utf8-bom",
                route -> concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, utf8(valid(route))),
                Expect.ANY));
        variants.add(bytes("utf16-be", route -> valid(route).getBytes(StandardCharsets.UTF_16BE), Expect.ANY));
        variants.add(bytes(
                "utf16-le-bom",
                route -> concat(
                        new byte[] {(byte) 0xff, (byte) 0xfe}, valid(route).getBytes(StandardCharsets.UTF_16LE)),
                Expect.ANY));
        variants.add(bytes("utf32", route -> valid(route).getBytes(Charset.forName("UTF-32BE")), Expect.ANY));
        variants.add(bytes(
                "duplicate-keys",
                route -> utf8(valid(route).replaceFirst("\\{", "{\"" + route.nameField() + "\":\"first\",")),
                Expect.ANY));
        variants.add(bytes(
                "escaped-nul-in-field",
                route -> utf8(route.valid().with("extra", "\"a\\u0000b\"").text()),
                Expect.ANY));
        variants.add(bytes(
                "lone-surrogate-in-unknown-field",
                route -> utf8(route.valid().with("extra", "\"a\\ud800b\"").text()),
                Expect.ANY));
        variants.add(bytes("2mb-of-whitespace", route -> utf8(" ".repeat(2 << 20) + valid(route)), Expect.ANY));
        variants.add(bytes(
                "1mb-key",
                route -> utf8(route.valid().with("k".repeat(1 << 20), "1").text()),
                Expect.ANY));
        variants.add(bytes("100k-unknown-fields", route -> utf8(manyFields(route)), Expect.ANY));
        variants.add(bytes(
                "over-the-body-limit",
                route -> utf8(route.valid()
                        .with("pad", "\"" + "p".repeat(5 << 20) + "\"")
                        .text()),
                Expect.status(413)));
        return variants;
    }

    private static Variant text(String name, Function<Route, String> body, Expect expect) {
        return new Variant(name, route -> utf8(body.apply(route)), expect);
    }

    private static Variant bytes(String name, Function<Route, byte[]> body, Expect expect) {
        return new Variant(name, body, expect);
    }

    private static String valid(Route route) {
        return route.valid().text();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The valid body with an extra string field holding these raw bytes. */
    private static byte[] withRawString(Route route, byte[] raw) {
        String marker = "\"@RAW@\"";
        String json = route.valid().with("extra", marker).text();
        int at = json.indexOf(marker);
        return concat(utf8(json.substring(0, at + 1)), raw, utf8(json.substring(at + marker.length() - 1)));
    }

    /** The valid body whose model (or adapter) name holds these raw bytes. */
    private static byte[] rawName(Route route, byte[] raw) {
        String marker = "\"@RAW@\"";
        String json = route.valid().with(route.nameField(), marker).text();
        int at = json.indexOf(marker);
        return concat(utf8(json.substring(0, at + 1)), raw, utf8(json.substring(at + marker.length() - 1)));
    }

    private static String manyFields(Route route) {
        StringBuilder json = new StringBuilder(valid(route));
        json.setLength(json.length() - 1);
        for (int i = 0; i < 100_000; i++) {
            json.append(",\"f").append(i).append("\":0");
        }
        return json.append('}').toString();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
