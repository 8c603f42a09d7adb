package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API key under attack: every spelling of a {@code /v1} path without the key is refused with
 * 401 (path parameters, encoded characters, doubled slashes, dot segments, case), as vLLM's check
 * guards whatever the router would serve. A spelling that the router does not serve even with
 * the key may be refused otherwise (404, 400): the case's probe asks. As in vLLM, {@code /health},
 * {@code /metrics}, {@code /version} and the tokenizer stay open, the scheme {@code bearer} is
 * accepted in any case, and OPTIONS is let through.
 */
final class ApiKeyCorpus {
    static final String KEY = "sk-corpus-secret";
    static final Map<String, String> SETTINGS;

    static {
        Map<String, String> settings = new HashMap<>(Corpus.SETTINGS);
        settings.put("api-key", KEY);
        SETTINGS = Map.copyOf(settings);
    }

    /** Spellings of {@code /v1/}; those with an encoded slash are the connector's to refuse in a servlet container. */
    private static final String[] SPELLINGS = {
        "/v1/",
        "/v1;x/",
        "/v1;/",
        "/v1;jsessionid=0/",
        "/;x/v1/",
        "//v1/",
        "///v1/",
        "/v1//",
        "/%76%31/",
        "/v%31/",
        "/V1/",
        "/v1/./",
        "/./v1/",
        "/v1/../v1/",
        "/x/../v1/",
        "/v1/%2e/",
        "/%2e/v1/",
        "/v1/%2e%2e/v1/",
        "/x/%2e%2e/v1/",
        "/x/%2E%2E/v1/",
        "/%76%31%2F",
        "/v1%2F",
        "/v1%2f",
    };

    private ApiKeyCorpus() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        String chat = Route.CHAT.valid().text();
        String completion = Route.COMPLETIONS.valid().text();
        for (String v1 : SPELLINGS) {
            Expect guarded = Expect.guarded(pass -> authorized(Wire.get(v1 + "models")));
            boolean connector = v1.contains("%2F") || v1.contains("%2f");
            add(cases, connector, "api-key/GET " + v1 + "models", Wire.get(v1 + "models"), guarded);
            add(
                    cases,
                    connector,
                    "api-key/POST " + v1 + "chat/completions",
                    Wire.post(v1 + "chat/completions", chat),
                    guarded);
            add(
                    cases,
                    connector,
                    "api-key/POST " + v1 + "completions",
                    Wire.post(v1 + "completions", completion),
                    guarded);
            add(
                    cases,
                    connector,
                    "api-key/POST " + v1 + "unload_lora_adapter",
                    Wire.post(v1 + "unload_lora_adapter", "{\"lora_name\":\"l1\"}"),
                    guarded);
            add(
                    cases,
                    connector,
                    "api-key/POST " + v1 + "load_lora_adapter",
                    Wire.post(v1 + "load_lora_adapter", "{\"lora_name\":\"evil\",\"lora_path\":\"/x\"}"),
                    guarded);
        }
        for (String suffix :
                new String[] {"models?", "models;x", "models/", "models?x=/health", "models%3F", "MODELS"}) {
            Expect guarded = Expect.guarded(pass -> authorized(Wire.get("/v1/" + suffix)));
            cases.add(HostileCase.of("api-key/GET /v1/" + suffix, Wire.get("/v1/" + suffix), guarded));
            cases.add(HostileCase.of(
                    "api-key/GET /V1/" + suffix,
                    Wire.get("/V1/" + suffix),
                    Expect.guarded(pass -> authorized(Wire.get("/V1/" + suffix)))));
        }

        for (String open : new String[] {"/health", "/metrics", "/version"}) {
            cases.add(HostileCase.of("api-key/open GET " + open, Wire.get(open), Expect.SERVED));
        }
        cases.add(HostileCase.of(
                "api-key/open POST /tokenize",
                Route.TOKENIZE.post(Route.TOKENIZE.valid().text()),
                Expect.SERVED));
        cases.add(HostileCase.of(
                "api-key/open POST /detokenize",
                Route.DETOKENIZE.post(Route.DETOKENIZE.valid().text()),
                Expect.SERVED));
        for (String open : new String[] {"/health;x", "//health", "/metrics;x", "/%2e/metrics"}) {
            cases.add(HostileCase.of("api-key/open GET " + open, Wire.get(open), Expect.not(401)));
        }

        String[][] authorizations = {
            {"bearer " + KEY, "200"},
            {"BEARER " + KEY, "200"},
            {"Bearer " + KEY, "200"},
            {"bEaReR " + KEY, "200"},
            {"Bearer wrong", "401"},
            {"Bearer", "401"},
            {"Bearer ", "401"},
            {"Basic " + KEY, "401"},
            {KEY, "401"},
            {"Bearer " + KEY + " extra", "401"},
            {"Bearer  " + KEY, "401"},
            {"Token " + KEY, "401"},
            {"Bearer " + KEY.toUpperCase(), "401"},
            {"Bearer " + KEY.substring(0, KEY.length() - 1), "401"},
            {"Bearer " + KEY + "x", "401"},
            {"Bearer \u00e9" + KEY, "401"},
        };
        for (String[] row : authorizations) {
            Wire request = Wire.get("/v1/models").header("Authorization", row[0]);
            cases.add(HostileCase.of(
                    "api-key/authorization=" + row[0].replace(KEY, "KEY"),
                    request,
                    row[1].equals("200") ? Expect.SERVED : Expect.status(401)));
        }
        cases.add(HostileCase.of(
                "api-key/two-authorizations-wrong-first",
                Wire.get("/v1/models").header("Authorization", "Bearer wrong").header("Authorization", "Bearer " + KEY),
                Expect.ANY));
        cases.add(HostileCase.connector(
                "api-key/authorization-9kb",
                Wire.get("/v1/models").header("Authorization", "Bearer " + "k".repeat(9 * 1024)),
                Expect.status(401)));
        cases.add(HostileCase.of("api-key/key-in-query", Wire.get("/v1/models?api_key=" + KEY), Expect.status(401)));
        cases.add(HostileCase.of(
                "api-key/key-in-other-header", Wire.get("/v1/models").header("X-Api-Key", KEY), Expect.status(401)));

        cases.add(HostileCase.of("api-key/OPTIONS /v1/models", Wire.method("OPTIONS", "/v1/models"), Expect.not(401)));
        cases.add(HostileCase.of(
                "api-key/OPTIONS /v1/chat/completions preflight",
                Wire.method("OPTIONS", "/v1/chat/completions")
                        .header("Origin", "http://example.com")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization,content-type"),
                Expect.not(401)));
        cases.add(HostileCase.of(
                "api-key/OPTIONS /v1;x/models", Wire.method("OPTIONS", "/v1;x/models"), Expect.not(401)));

        for (String file : new String[] {
            "/META-INF/context.xml",
            "/WEB-INF/web.xml",
            "/%2e/META-INF/context.xml",
            "/v1/../META-INF/context.xml",
            "/META-INF%2fcontext.xml"
        }) {
            add(cases, file.contains("%2f"), "api-key/GET " + file, Wire.get(file), Expect.REFUSED.withBody("!" + KEY));
        }
        cases.add(HostileCase.of(
                "api-key/configured-adapter-still-loaded",
                authorized(Wire.get("/v1/models")),
                Expect.SERVED.withBody("\"l1\"")));
        cases.add(HostileCase.of(
                "api-key/no-adapter-loaded-without-key",
                authorized(Wire.get("/v1/models")),
                Expect.SERVED.withBody("!\"evil\"")));
        return cases;
    }

    static Wire authorized(Wire request) {
        return request.header("Authorization", "Bearer " + KEY);
    }

    private static void add(List<HostileCase> cases, boolean connector, String id, Wire request, Expect expect) {
        cases.add(connector ? new HostileCase(id, pass -> request, expect, true) : HostileCase.of(id, request, expect));
    }
}
