package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-request-body-size-mb}: a body over the limit is refused with 413 and vLLM's error
 * body before it is read, whether its length is declared or it comes chunked; a body within the
 * limit is served, chunked or not. Written on a raw socket, so that the test controls what is sent
 * and when.
 */
abstract class BodyLimitScenarios {
    static final String MODEL = "limit-model";
    static final Map<String, String> SETTINGS = Map.of("model", MODEL, "mode", "echo", "max-request-body-size-mb", "1");
    private static final int MIB = 1024 * 1024;

    /** The simulator's root URL. */
    abstract URI base();

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeTheClientSendsIt() {
        // With Expect: 100-continue a client waits for the server's word before sending the body.
        Reply reply = exchange(head("POST", "Content-Length: " + (2 * MIB), "Expect: 100-continue"), new byte[0]);
        assertRefused(reply);
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedWithoutWaitingForIt() {
        // 50 MiB announced, 1 KiB sent: the answer cannot wait for the rest.
        byte[] start = new byte[1024];
        Arrays.fill(start, (byte) ' ');
        Reply reply = exchange(head("POST", "Content-Length: " + (50 * MIB)), start);
        assertRefused(reply);
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefused() {
        byte[] chunk = ("8000\r\n" + " ".repeat(0x8000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 2 * MIB / 0x8000; i++) {
            body.writeBytes(chunk);
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        Reply reply = exchange(head("POST", "Transfer-Encoding: chunked"), body.toByteArray());
        assertRefused(reply);
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServed() {
        byte[] json = ("{\"model\":\"" + MODEL + "\",\"prompt\":\"chunked hello\"}").getBytes(StandardCharsets.UTF_8);
        int half = json.length / 2;
        String body = Integer.toHexString(half) + "\r\n" + new String(json, 0, half, StandardCharsets.UTF_8) + "\r\n"
                + Integer.toHexString(json.length - half) + "\r\n"
                + new String(json, half, json.length - half, StandardCharsets.UTF_8) + "\r\n0\r\n\r\n";
        Reply reply = exchange(head("POST", "Transfer-Encoding: chunked"), body.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("choices").get(0).path("text").asText()).isEqualTo("chunked hello");
    }

    @Test
    void aBodyJustUnderTheLimitIsServed() {
        String padding = " ".repeat(MIB - 1024);
        byte[] json = ("{\"model\":\"" + MODEL + "\",\"prompt\":\"fits\",\"max_tokens\":1" + padding + "}")
                .getBytes(StandardCharsets.UTF_8);
        Reply reply = exchange(head("POST", "Content-Length: " + json.length), json);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    private static void assertRefused(Reply reply) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        JsonNode error = reply.json().path("error");
        assertThat(error.path("code").asInt()).isEqualTo(413);
        assertThat(error.path("type").asText()).isEqualTo("RequestEntityTooLargeError");
        assertThat(error.path("message").asText()).contains("1 MiB");
    }

    private String head(String method, String... headers) {
        URI uri = base().resolve("v1/completions");
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(uri.getRawPath())
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(uri.getHost())
                .append(':')
                .append(uri.getPort())
                .append("\r\n")
                .append("Content-Type: application/json\r\nConnection: close\r\n");
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** Sends the head, then the body from another thread (a refused client may find the socket closed), and reads the answer. */
    private Reply exchange(String head, byte[] body) {
        URI uri = base();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    out.write(body);
                    out.flush();
                } catch (IOException e) {
                    // The server answered and closed without reading the rest: as intended.
                }
            });
            Reply reply = read(socket.getInputStream());
            sending.cancel(true);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A response, skipping any 100 Continue; the body by Content-Length, or to the end. */
    private static Reply read(InputStream in) throws IOException {
        while (true) {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = -1;
            boolean chunked = false;
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (status == 100) {
                continue;
            }
            byte[] body;
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line(in).trim(), 16);
                        size > 0;
                        size = Integer.parseInt(line(in).trim(), 16)) {
                    all.writeBytes(in.readNBytes(size));
                    line(in);
                }
                body = all.toByteArray();
            } else {
                body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
            }
            return new Reply(status, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the connection closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private record Reply(int status, String body) {
        JsonNode json() {
            try {
                return SimClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }
}
