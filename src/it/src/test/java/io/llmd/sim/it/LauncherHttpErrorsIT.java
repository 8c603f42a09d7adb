package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The HTTP error scenarios against the launcher, and what only the launcher decides: the requests
 * its Jetty refuses before the WAR sees them, its header limit, and clients that go away.
 */
class LauncherHttpErrorsIT extends HttpErrorScenarios {
    private static final String NINE_KB = "x".repeat(9 * 1024);
    private static final String TWENTY_KB = "x".repeat(20 * 1024);
    private static LauncherProcess launcher;

    @BeforeAll
    static void start() {
        // The request log says when each request has ended, even one whose client went away.
        launcher = LauncherProcess.start("--model", MODEL, "--log-requests");
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    @Override
    URI base() {
        return launcher.uri();
    }

    static Stream<Arguments> refusedByTheServer() {
        String post = "POST /v1/completions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n";
        return Stream.of(
                Arguments.of("an empty path segment", RawHttp.request("GET", "//v1/models"), 400),
                Arguments.of("an encoded dot segment", RawHttp.request("GET", "/v1/%2e%2e/metrics"), 400),
                Arguments.of("an encoded slash", RawHttp.request("GET", "/v1%2fmodels"), 400),
                Arguments.of("a dot segment above the root", RawHttp.request("GET", "/../etc/passwd"), 400),
                Arguments.of("a bad percent escape", RawHttp.request("GET", "/v1/%zz"), 400),
                Arguments.of("a backslash", RawHttp.request("GET", "/v1\\models"), 400),
                Arguments.of("an encoded NUL", RawHttp.request("GET", "/v1/mo%00dels"), 400),
                Arguments.of(
                        "a Content-Length that is no number",
                        post + "Content-Length: abc\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of(
                        "a negative Content-Length", post + "Content-Length: -1\r\nConnection: close\r\n\r\n", 400),
                Arguments.of(
                        "two Content-Lengths",
                        post + "Content-Length: 2\r\nContent-Length: 3\r\nConnection: close\r\n\r\n{}",
                        400),
                Arguments.of(
                        "Transfer-Encoding and Content-Length",
                        post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n",
                        400),
                Arguments.of(
                        "chunked then identity",
                        post + "Transfer-Encoding: chunked, identity\r\nConnection: close\r\n\r\n0\r\n\r\n",
                        400),
                Arguments.of(
                        "a Transfer-Encoding other than chunked",
                        post + "Transfer-Encoding: gzip\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of(
                        "a chunk size that is no number",
                        post + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                        400),
                Arguments.of(
                        "an Expect other than 100-continue",
                        post + "Expect: something-else\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
                        417),
                Arguments.of("a 20 KiB request target", RawHttp.request("GET", "/v1/models?q=" + TWENTY_KB), 414),
                Arguments.of("a 20 KiB header", RawHttp.request("GET", "/v1/models", "X-Big: " + TWENTY_KB), 431),
                Arguments.of("no Host", "GET /v1/models HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
                Arguments.of(
                        "two Hosts", "GET /v1/models HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n", 400),
                Arguments.of(
                        "an unknown HTTP version",
                        "GET /v1/models HTTP/2.5\r\nHost: a\r\nConnection: close\r\n\r\n",
                        400),
                Arguments.of("a header name with a space", RawHttp.request("GET", "/v1/models", "Bad Header: y"), 400),
                Arguments.of("a folded header", RawHttp.request("GET", "/v1/models", "X-A: y\r\n z"), 400),
                Arguments.of("bytes that are no HTTP", "\u0016\u0003\u0001garbage\r\n\r\n", 400),
                Arguments.of("an HTML client", RawHttp.request("GET", "//v1/models", "Accept: text/html"), 400),
                Arguments.of("TRACE on a route", RawHttp.request("TRACE", "/v1/models"), 405),
                Arguments.of("TRACE on the metrics", RawHttp.request("TRACE", "/metrics"), 405));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedByTheServer")
    void whatJettyRefusesIsAnsweredInVllmsShape(String what, String request, int status) {
        assertVllmError(send(request), status);
        assertStillServing();
    }

    @Test
    void whatJettyRefusesOnTheMessagesApiIsAnsweredInAnthropicsShape() {
        RawHttp.Answer answer = send(RawHttp.request("POST", "/v1/messages", "X-Big: " + TWENTY_KB));

        assertThat(answer.status()).as(answer.body()).isEqualTo(431);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(answer.json().path("type").asText()).as(answer.body()).isEqualTo("error");
        assertThat(answer.json().path("error").path("type").asText())
                .as(answer.body())
                .isNotEmpty();
        assertStillServing();
    }

    @Test
    void aLargeHeaderThatUvicornTakesIsServed() {
        RawHttp.Answer header = send(RawHttp.request("GET", "/v1/models", "Authorization: Bearer " + NINE_KB));
        assertThat(header.status()).as(header.body()).isEqualTo(200);
        RawHttp.Answer target = send(RawHttp.request("GET", "/v1/models?q=" + NINE_KB));
        assertThat(target.status()).as(target.body()).isEqualTo(200);
    }

    @Test
    void clientsThatGoAwayBeforeTheirAnswerLeaveNoErrorInTheLog() {
        int clients = 50;
        for (int i = 0; i < clients; i++) {
            resetAfterSending(RawHttp.request("GET", "/v1/models"));
            resetAfterSending(RawHttp.request("GET", "/metrics"));
        }
        awaitLogged("GET /metrics ", clients);
        assertStillServing();
        assertThat(launcher.output()).doesNotContain("SEVERE").doesNotContain("Exception");
    }

    /** Sends a request and resets the connection at once (SO_LINGER 0), without reading a byte. */
    private void resetAfterSending(String request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base().getHost(), base().getPort()), 5_000);
            socket.setSoLinger(true, 0);
            socket.getOutputStream()
                    .write(request.replace("Connection: close\r\n", "").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void awaitLogged(String text, int times) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (launcher.output().split(text, -1).length - 1 < times && System.nanoTime() < deadline) {
            StandaloneContainer.sleep(50);
        }
        assertThat(launcher.output().split(text, -1).length - 1)
                .as(launcher.output())
                .isGreaterThanOrEqualTo(times);
    }
}
