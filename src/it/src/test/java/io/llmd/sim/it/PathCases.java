package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Paths spelt oddly: path parameters, doubled or encoded slashes, dot segments plain and encoded,
 * bytes that are not UTF-8, very long paths, the asterisk and absolute forms, and the WAR's own
 * files. Served or refused, in vLLM's shape, never a 5xx; the WAR's descriptors are never served.
 */
final class PathCases {

    private PathCases() {}

    /*
     * target | expected: A = anything but a 5xx, X = refused (4xx); C = anything and CX = refused, answered by the
     * HTTP server itself (in a servlet container, before the application sees them).
     */
    private static final String[][] GETS = {
        {"/v1;x/models", "A"},
        {"/v1/models;x", "A"},
        {"/v1;/models", "A"},
        {"/;x/v1/models", "A"},
        {"/v1;jsessionid=0/models", "A"},
        {"//v1/models", "A"},
        {"///v1/models", "A"},
        {"/v1//models", "A"},
        {"/v1/models//", "A"},
        {"/v1/models/", "A"},
        {"/v1/./models", "A"},
        {"/./v1/models", "A"},
        {"/v1/../v1/models", "A"},
        {"/v1/%2e%2e/metrics", "A"},
        {"/v1/%2E%2E/v1/models", "A"},
        {"/v1/%2e/models", "A"},
        {"/%76%31/models", "A"},
        {"/%2576%2531/models", "A"},
        {"/V1/models", "A"},
        {"/v1/MODELS", "A"},
        {"/v1/models?x=1&x=2", "A"},
        {"/v1/models?%zz", "A"},
        {"/v1/models?a=%", "A"},
        {"/v1/models?q=" + "a".repeat(20_000), "C"},
        {"/v1/mod%zzels", "C"},
        {"/v1/models%", "C"},
        {"/v1/models%00", "C"},
        {"/v1/models%C3%A9", "A"},
        {"/v1/models%FF", "C"},
        {"/v1/models\u00c3\u00a9", "C"},
        {"/v1/models\u00ff", "C"},
        {"/v1%2Fmodels", "C"},
        {"/v1%2fmodels", "C"},
        {"/v1/models%2F", "C"},
        {"/v1/models%5C", "C"},
        {"/v1\\models", "C"},
        {"/v1/models/../../../../../etc/passwd", "C"},
        {"/../../../etc/passwd", "C"},
        {"/v1/models/" + "a".repeat(8000), "C"},
        {"/" + "a".repeat(70_000), "C"},
        {"/v1/models" + "/a".repeat(2000), "C"},
        {"/health;x", "A"},
        {"/health/", "A"},
        {"/metrics;x", "A"},
        {"/metrics/", "A"},
        {"/version;x", "A"},
        {"/v1", "A"},
        {"/v1/", "A"},
        {"/v2/models", "A"},
        {"/", "A"},
        {"/nonexistent", "A"},
        {"/favicon.ico", "A"},
        {"/index.html", "A"},
        {"/_error", "A"},
        {"/WEB-INF/web.xml", "X"},
        {"/META-INF/context.xml", "X"},
        {"/META-INF/MANIFEST.MF", "X"},
        {"/WEB-INF/lib/", "X"},
        {"/v1/../WEB-INF/web.xml", "X"},
        {"/%2e/WEB-INF/web.xml", "X"},
        {"/WEB-INF%2fweb.xml", "CX"},
        {"/web-inf/web.xml", "X"},
        {"/WEB-INF./web.xml", "X"},
    };

    /* Request targets not in origin form, as written (placeholders filled in). */
    private static final String[] ODD_TARGETS = {
        "*",
        "http://{authority}{prefix}/v1/models",
        "http://evil.example{prefix}/v1/models",
        "v1/models",
        "https://{authority}{prefix}/v1/models",
        "{prefix}/v1/models#fragment",
    };

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        for (String[] row : GETS) {
            String id = "path/GET " + Tables.label(row[0]);
            Wire request = Wire.get(row[0]);
            cases.add(
                    switch (row[1]) {
                        case "C" -> HostileCase.connector(id, request, Expect.ANY);
                        case "CX" -> HostileCase.connector(id, request, Expect.REFUSED);
                        case "X" -> HostileCase.of(id, request, Expect.REFUSED);
                        default -> HostileCase.of(id, request, Expect.ANY);
                    });
        }
        for (String target : ODD_TARGETS) {
            cases.add(HostileCase.connector("path/GET " + target, Wire.get(target), Expect.ANY));
        }
        String body = Route.CHAT.valid().text();
        for (String path : List.of(
                "/v1;x/chat/completions",
                "/v1/chat/completions;x",
                "/v1/chat/completions/",
                "//v1/chat/completions",
                "/v1/%2e%2e/v1/chat/completions",
                "/v1/chat%2Fcompletions",
                "/v1/chat/./completions")) {
            Wire request = Wire.post(path, body);
            String id = "path/POST " + path;
            cases.add(
                    path.contains("%2F")
                            ? HostileCase.connector(id, request, Expect.ANY)
                            : HostileCase.of(id, request, Expect.ANY));
        }
        cases.add(HostileCase.of(
                "path/POST /tokenize;x",
                Wire.post("/tokenize;x", Route.TOKENIZE.valid().text()),
                Expect.ANY));
        return cases;
    }
}
