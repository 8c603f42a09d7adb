package io.llmd.sim.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Headers a careless or hostile client sends: odd or missing content types and charsets, any
 * Accept (vLLM ignores it: the official SDKs send {@code Accept: application/json}, also to the
 * adapter routes), large but legal headers (uvicorn takes them), Expect, request ids and
 * encodings. Served or refused in vLLM's shape, never a 5xx.
 */
final class HeaderCases {
    private static final String[] CONTENT_TYPES = {
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin1",
        "application/json; charset=utf-16",
        "application/json; charset=bogus",
        "application/json;;;",
        "application/json; charset=",
        "garbage",
        "/",
        "application/",
        "application/json, text/plain",
        "APPLICATION/JSON",
        "application/vnd.api+json",
        "text/json",
        "application/json; q=\"",
        "application/json\u00e9",
        "application/json;" + " a=1;".repeat(500),
    };
    private static final String[] ACCEPTS = {"application/json", "text/plain", "*/*", "text/html", "application/xml"};
    private static final String[] ODD_ACCEPTS = {
        ";;;",
        "application/json;q=0",
        "garbage/",
        "text/event-stream;q=x",
        "application/json, " + "text/x-a, ".repeat(300) + "*/*"
    };

    private HeaderCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        String chat = Route.CHAT.valid().text();
        cases.add(HostileCase.of(
                "header/chat/no-content-type", Route.CHAT.post(chat).without("Content-Type"), Expect.ANY));
        for (String type : CONTENT_TYPES) {
            cases.add(HostileCase.of(
                    "header/chat/content-type=" + Tables.label(type),
                    Route.CHAT.post(chat).without("Content-Type").header("Content-Type", type),
                    Expect.ANY));
        }
        cases.add(HostileCase.of(
                "header/chat/two-content-types",
                Route.CHAT.post(chat).header("Content-Type", "text/plain"),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/latin1-body-declared",
                Route.CHAT
                        .post(chat)
                        .without("Content-Type")
                        .header("Content-Type", "application/json; charset=latin1")
                        .body(Route.CHAT
                                .valid()
                                .with("messages", "[{\"role\":\"user\",\"content\":\"caf\u00e9\"}]")
                                .text()
                                .getBytes(StandardCharsets.ISO_8859_1)),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/content-encoding-gzip-not-gzip",
                Route.CHAT.post(chat).header("Content-Encoding", "gzip"),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/content-encoding-bogus",
                Route.CHAT.post(chat).header("Content-Encoding", "bogus"),
                Expect.ANY));

        for (String accept : ACCEPTS) {
            for (Route route : List.of(Route.CHAT, Route.COMPLETIONS, Route.TOKENIZE, Route.DETOKENIZE)) {
                cases.add(HostileCase.of(
                        "header/" + route.shortName() + "/accept=" + accept,
                        route.post(route.valid().text()).header("Accept", accept),
                        Expect.SERVED));
            }
            cases.add(HostileCase.of(
                    "header/chat-stream/accept=" + accept,
                    Route.CHAT
                            .post(Route.CHAT.valid().with("stream", "true").text())
                            .header("Accept", accept),
                    Expect.SERVED));
            cases.add(HostileCase.of(
                    "header/models/accept=" + accept, Wire.get("/v1/models").header("Accept", accept), Expect.SERVED));
            String adapter = "\"accept-" + accept.replaceAll("\\W", "") + "\"";
            cases.add(HostileCase.of(
                    "header/load-lora/accept=" + accept,
                    Route.LOAD_LORA
                            .post(RawJson.of("lora_name", adapter, "lora_path", "\"/adapters/accept\"")
                                    .text())
                            .header("Accept", accept),
                    Expect.SERVED));
            cases.add(HostileCase.of(
                    "header/unload-lora/accept=" + accept,
                    Route.UNLOAD_LORA
                            .post(RawJson.of("lora_name", adapter).text())
                            .header("Accept", accept),
                    Expect.SERVED));
        }
        for (String accept : ODD_ACCEPTS) {
            cases.add(HostileCase.of(
                    "header/chat/accept=" + Tables.label(accept),
                    Route.CHAT.post(chat).header("Accept", accept),
                    Expect.ANY));
        }
        cases.add(HostileCase.of(
                "header/chat/accept-encoding-gzip&stream",
                Route.CHAT
                        .post(Route.CHAT.valid().with("stream", "true").text())
                        .header("Accept-Encoding", "gzip"),
                Expect.SERVED));

        // Large but legal: uvicorn takes them, so a vLLM client may send them.
        cases.add(HostileCase.connector(
                "header/chat/9kb-header", Route.CHAT.post(chat).header("X-Big", "b".repeat(9 * 1024)), Expect.SERVED));
        cases.add(HostileCase.connector(
                "header/chat/9kb-cookie",
                Route.CHAT.post(chat).header("Cookie", "c=" + "b".repeat(9 * 1024)),
                Expect.SERVED));
        cases.add(HostileCase.connector("header/chat/100-headers", many(Route.CHAT.post(chat), 100), Expect.SERVED));
        cases.add(HostileCase.connector(
                "header/chat/60kb-header", Route.CHAT.post(chat).header("X-Big", "b".repeat(60 * 1024)), Expect.ANY));
        cases.add(HostileCase.connector(
                "header/chat/200kb-header",
                Route.CHAT.post(chat).header("X-Big", "b".repeat(200 * 1024)),
                Expect.REFUSED));
        cases.add(HostileCase.connector("header/chat/5000-headers", many(Route.CHAT.post(chat), 5000), Expect.ANY));

        cases.add(HostileCase.of(
                "header/chat/expect-100-continue",
                Route.CHAT.post(chat).header("Expect", "100-continue"),
                Expect.SERVED));
        cases.add(HostileCase.connector(
                "header/chat/expect-foo", Route.CHAT.post(chat).header("Expect", "foo"), Expect.ANY));
        cases.add(HostileCase.of(
                "header/models/expect-100-continue-on-get",
                Wire.get("/v1/models").header("Expect", "100-continue"),
                Expect.ANY));

        cases.add(HostileCase.of(
                "header/chat/request-id-8kb",
                Route.CHAT.post(chat).header("X-Request-Id", "r".repeat(4 * 1024)),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/request-id-not-utf8",
                Route.CHAT.post(chat).header("X-Request-Id", "r\u00ff\u00fe"),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/request-id-utf8-bytes",
                Route.CHAT.post(chat).header("X-Request-Id", "caf\u00c3\u00a9"),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/request-id-empty", Route.CHAT.post(chat).header("X-Request-Id", ""), Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/two-request-ids",
                Route.CHAT.post(chat).header("X-Request-Id", "a").header("X-Request-Id", "b"),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/request-id&stream",
                Route.CHAT
                        .post(Route.CHAT.valid().with("stream", "true").text())
                        .header("X-Request-Id", "r".repeat(4 * 1024)),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/chat/authorization-without-key",
                Route.CHAT.post(chat).header("Authorization", "Bearer whatever"),
                Expect.SERVED));
        cases.add(HostileCase.of(
                "header/chat/upgrade-h2c",
                Route.CHAT
                        .post(chat)
                        .header("Upgrade", "h2c")
                        .header("HTTP2-Settings", "AAMAAABkAAQAAP__")
                        .header("Connection", "Upgrade, HTTP2-Settings"),
                Expect.ANY));
        cases.add(HostileCase.of(
                "header/models/upgrade-websocket",
                Wire.get("/v1/models")
                        .header("Upgrade", "websocket")
                        .header("Connection", "Upgrade")
                        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                        .header("Sec-WebSocket-Version", "13"),
                Expect.ANY));
        cases.add(
                HostileCase.of("header/models/range", Wire.get("/v1/models").header("Range", "bytes=0-1"), Expect.ANY));
        cases.add(HostileCase.of(
                "header/models/if-none-match", Wire.get("/v1/models").header("If-None-Match", "*"), Expect.ANY));
        cases.add(HostileCase.of(
                "header/models/x-forwarded",
                Wire.get("/v1/models")
                        .header("X-Forwarded-For", "::1, ;;")
                        .header("X-Forwarded-Proto", "gopher")
                        .header("X-Forwarded-Host", "evil.example:abc"),
                Expect.ANY));
        return cases;
    }

    private static Wire many(Wire request, int count) {
        for (int i = 0; i < count; i++) {
            request.header("X-Many-" + i, "v");
        }
        return request;
    }
}
