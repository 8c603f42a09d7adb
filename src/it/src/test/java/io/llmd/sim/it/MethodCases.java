package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Every method on every route: the ones a route does not take are refused (405, or 404 where
 * nothing is), in the route's error shape (vLLM's, Anthropic's on {@code /v1/messages}), never
 * echoed (TRACE) and never a 5xx, also for a method no one defined. OPTIONS may be answered.
 */
final class MethodCases {
    private static final String[] ROUTES = {
        "/v1/chat/completions",
        "/v1/completions",
        "/v1/responses",
        "/v1/messages",
        "/v1/messages/count_tokens",
        "/v1/embeddings",
        "/inference/v1/generate",
        "/v1/chat/completions/render",
        "/v1/completions/render",
        "/v1/models",
        "/tokenize",
        "/detokenize",
        "/v1/load_lora_adapter",
        "/v1/unload_lora_adapter",
        "/health",
        "/metrics",
        "/version",
        "/nonexistent"
    };
    private static final List<String> GET_ROUTES = List.of("/v1/models", "/health", "/metrics", "/version");

    private MethodCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        String body = Route.CHAT.valid().text();
        for (String route : ROUTES) {
            for (String method : List.of("PUT", "DELETE", "PATCH", "TRACE", "FOO")) {
                Wire request = Wire.method(method, route);
                if (!method.equals("TRACE") && !method.equals("DELETE")) {
                    request.header("Content-Type", "application/json").body(body);
                }
                cases.add(HostileCase.of("method/" + method + " " + route, request, Expect.REFUSED));
            }
            cases.add(HostileCase.of("method/OPTIONS " + route, Wire.method("OPTIONS", route), Expect.ANY));
            cases.add(HostileCase.of(
                    "method/OPTIONS-preflight " + route,
                    Wire.method("OPTIONS", route)
                            .header("Origin", "http://example.com")
                            .header("Access-Control-Request-Method", "POST"),
                    Expect.ANY));
            if (GET_ROUTES.contains(route)) {
                cases.add(HostileCase.of("method/POST " + route, Wire.post(route, body), Expect.REFUSED));
            } else if (!route.equals("/nonexistent")) {
                cases.add(HostileCase.of("method/GET " + route, Wire.get(route), Expect.REFUSED));
            }
        }
        cases.add(HostileCase.of("method/lower-case get /v1/models", Wire.method("get", "/v1/models"), Expect.ANY));
        cases.add(HostileCase.connector("method/CONNECT authority", Wire.method("CONNECT", "{authority}"), Expect.ANY));
        return cases;
    }
}
