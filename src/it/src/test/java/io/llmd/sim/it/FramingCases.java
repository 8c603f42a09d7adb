package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests whose framing or head is broken: bad or conflicting Content-Length, Transfer-Encoding
 * in the shapes request smuggling uses, malformed chunks, malformed header lines and request
 * lines. The HTTP server answers them before any application code: on the launcher that is the
 * simulator's Jetty, whose errors must be vLLM's JSON too. A client that closes its side before
 * its body is complete may be left without an answer.
 */
final class FramingCases {

    private FramingCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        String chat = Route.CHAT.valid().text();
        int length = chat.length();
        for (String value : new String[] {
            "abc",
            "-1",
            "+" + length,
            "1e3",
            " " + length + " ",
            length + ", " + length,
            "99999999999999999999",
            "0x10",
            ""
        }) {
            add(
                    cases,
                    "content-length=" + value,
                    Route.CHAT.post(chat).withoutContentLength().header("Content-Length", value),
                    Expect.ANY);
        }
        add(
                cases,
                "two-content-lengths",
                Route.CHAT
                        .post(chat)
                        .withoutContentLength()
                        .header("Content-Length", String.valueOf(length))
                        .header("Content-Length", String.valueOf(length - 5)),
                Expect.ANY);
        add(
                cases,
                "content-length-longer-than-body",
                Route.CHAT
                        .post(chat)
                        .withoutContentLength()
                        .header("Content-Length", String.valueOf(length + 100))
                        .halfClose(),
                Expect.ANY.orClosed());
        add(
                cases,
                "content-length-shorter-than-body",
                Route.CHAT.post(chat).withoutContentLength().header("Content-Length", String.valueOf(length - 10)),
                Expect.ANY);
        add(
                cases,
                "post-without-length-or-chunks",
                Route.CHAT.post(chat).withoutContentLength().halfClose(),
                Expect.ANY.orClosed());

        String chunked = chunks(chat);
        for (String value : new String[] {
            "chunked, chunked",
            "Chunked",
            "chunked ",
            "\tchunked",
            "identity",
            "chunked;q=1",
            "CHUNKED",
            "chunked,",
            ",chunked"
        }) {
            add(
                    cases,
                    "transfer-encoding=" + value.replace("\t", "\\t"),
                    Route.CHAT.post(chunked).withoutContentLength().header("Transfer-Encoding", value),
                    Expect.ANY);
        }
        add(
                cases,
                "chunked-and-content-length",
                Route.CHAT
                        .post(chunked)
                        .withoutContentLength()
                        .header("Transfer-Encoding", "chunked")
                        .header("Content-Length", "4"),
                Expect.ANY);
        add(
                cases,
                "content-length-and-chunked",
                Route.CHAT
                        .post(chunked)
                        .withoutContentLength()
                        .header("Content-Length", "4")
                        .header("Transfer-Encoding", "chunked"),
                Expect.ANY);
        add(
                cases,
                "two-transfer-encodings",
                Route.CHAT
                        .post(chunked)
                        .withoutContentLength()
                        .header("Transfer-Encoding", "chunked")
                        .header("Transfer-Encoding", "chunked"),
                Expect.ANY);
        add(
                cases,
                "transfer-encoding-folded",
                Route.CHAT
                        .post(chunked)
                        .withoutContentLength()
                        .headerLine("Transfer-Encoding:")
                        .headerLine(" chunked"),
                Expect.ANY);
        add(
                cases,
                "transfer-encoding-space-before-colon",
                Route.CHAT.post(chunked).withoutContentLength().headerLine("Transfer-Encoding : chunked"),
                Expect.ANY);
        add(
                cases,
                "transfer-encoding-on-http-1.0",
                Route.CHAT
                        .post(chunked)
                        .withoutContentLength()
                        .version("HTTP/1.0")
                        .header("Transfer-Encoding", "chunked"),
                Expect.ANY);
        add(cases, "chunk-size-not-hex", chunkedPost("zz\r\n{}\r\n0\r\n\r\n"), Expect.ANY);
        add(cases, "chunk-size-overflow", chunkedPost("fffffffffffffffffffff\r\n{}\r\n0\r\n\r\n"), Expect.ANY);
        add(cases, "chunk-size-negative", chunkedPost("-2\r\n{}\r\n0\r\n\r\n"), Expect.ANY);
        add(cases, "chunk-size-plus", chunkedPost("+2\r\n{}\r\n0\r\n\r\n"), Expect.ANY);
        add(cases, "chunk-longer-than-size", chunkedPost("2\r\n{}xx\r\n0\r\n\r\n"), Expect.ANY);
        add(cases, "chunk-bare-lf", chunkedPost(Integer.toHexString(length) + "\n" + chat + "\n0\n\n"), Expect.ANY);
        add(
                cases,
                "chunk-extension",
                chunkedPost(Integer.toHexString(length) + ";ext=\"v\"\r\n" + chat + "\r\n0\r\n\r\n"),
                Expect.ANY);
        add(
                cases,
                "chunk-extension-10kb",
                chunkedPost(Integer.toHexString(length) + ";e=" + "x".repeat(10_240) + "\r\n" + chat + "\r\n0\r\n\r\n"),
                Expect.ANY);
        add(
                cases,
                "chunked-trailer",
                chunkedPost(Integer.toHexString(length) + "\r\n" + chat + "\r\n0\r\nX-Trailer: t\r\n\r\n"),
                Expect.ANY);
        add(
                cases,
                "chunked-without-last-chunk",
                chunkedPost(Integer.toHexString(length) + "\r\n" + chat + "\r\n")
                        .halfClose(),
                Expect.ANY.orClosed());
        add(
                cases,
                "chunked-on-get",
                Wire.get("/v1/models")
                        .header("Transfer-Encoding", "chunked")
                        .body("0\r\n\r\n")
                        .withoutContentLength(),
                Expect.ANY);

        add(cases, "header-without-colon", Wire.get("/v1/models").headerLine("NoColonHere"), Expect.ANY);
        add(cases, "header-folded", Wire.get("/v1/models").headerLine("X-A: a").headerLine(" folded"), Expect.ANY);
        add(cases, "header-space-before-colon", Wire.get("/v1/models").headerLine("X-A : a"), Expect.ANY);
        add(cases, "header-nul-in-value", Wire.get("/v1/models").headerLine("X-A: a\u0000b"), Expect.ANY);
        add(cases, "header-del-in-value", Wire.get("/v1/models").headerLine("X-A: a\u007fb"), Expect.ANY);
        add(cases, "header-bad-name", Wire.get("/v1/models").headerLine("X(A): a"), Expect.ANY);
        add(cases, "header-empty-name", Wire.get("/v1/models").headerLine(": a"), Expect.ANY);
        add(cases, "header-cr-in-value", Wire.get("/v1/models").headerLine("X-A: a\rb"), Expect.ANY);
        add(cases, "no-host", Wire.get("/v1/models").withoutHost(), Expect.ANY);
        add(cases, "two-hosts", Wire.get("/v1/models").header("Host", "other.example"), Expect.ANY);
        add(cases, "empty-host", Wire.get("/v1/models").withoutHost().header("Host", ""), Expect.ANY);
        add(cases, "host-bad-port", Wire.get("/v1/models").withoutHost().header("Host", "localhost:abc"), Expect.ANY);
        add(cases, "http-1.0-no-host", Wire.get("/v1/models").withoutHost().version("HTTP/1.0"), Expect.ANY);
        add(cases, "request-line-garbage", Wire.get("/").requestLine("GARBAGE"), Expect.ANY.orClosed());
        add(cases, "request-line-http-0.9", Wire.get("/").requestLine("GET {prefix}/v1/models"), Expect.ANY.orClosed());
        add(
                cases,
                "request-line-extra-word",
                Wire.get("/").requestLine("GET {prefix}/v1/models HTTP/1.1 extra"),
                Expect.ANY);
        add(
                cases,
                "request-line-two-spaces",
                Wire.get("/").requestLine("GET  {prefix}/v1/models HTTP/1.1"),
                Expect.ANY);
        add(cases, "request-line-tab", Wire.get("/").requestLine("GET\t{prefix}/v1/models\tHTTP/1.1"), Expect.ANY);
        add(cases, "request-line-empty-target", Wire.get("/").requestLine("GET  HTTP/1.1"), Expect.ANY);
        add(
                cases,
                "request-line-lower-case-version",
                Wire.get("/").requestLine("GET {prefix}/v1/models http/1.1"),
                Expect.ANY);
        add(
                cases,
                "request-line-bad-version",
                Wire.get("/").requestLine("GET {prefix}/v1/models HTTP/x.y"),
                Expect.ANY);
        add(
                cases,
                "request-line-8kb-method",
                Wire.get("/").requestLine("G".repeat(8192) + " {prefix}/v1/models HTTP/1.1"),
                Expect.ANY);
        add(
                cases,
                "leading-empty-lines",
                Wire.get("/").requestLine("\r\n\r\nGET {prefix}/v1/models HTTP/1.1"),
                Expect.SERVED);
        add(cases, "bare-lf-line-ends", Wire.get("/v1/models").lineEnd("\n"), Expect.ANY);
        add(
                cases,
                "empty-request-line",
                Wire.get("/").requestLine("").withoutHost().halfClose(),
                Expect.ANY.orClosed());
        add(
                cases,
                "head-without-end",
                Wire.get("/")
                        .requestLine("GET {prefix}/v1/models HTTP/1.1\r\nHost: x\r\nX-A: b")
                        .withoutHost()
                        .lineEnd("")
                        .halfClose(),
                Expect.ANY.orClosed());
        return cases;
    }

    private static void add(List<HostileCase> cases, String name, Wire request, Expect expect) {
        cases.add(HostileCase.connector("framing/" + name, request, expect));
    }

    private static Wire chunkedPost(String body) {
        return Route.CHAT.post(body).withoutContentLength().header("Transfer-Encoding", "chunked");
    }

    private static String chunks(String json) {
        int half = json.length() / 2;
        return Integer.toHexString(half) + "\r\n" + json.substring(0, half) + "\r\n"
                + Integer.toHexString(json.length() - half) + "\r\n" + json.substring(half) + "\r\n0\r\n\r\n";
    }
}
