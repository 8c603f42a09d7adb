package io.llmd.sim.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange over a plain socket, for the requests that the JDK's client refuses to
 * send: malformed request lines and headers, smuggling shapes, odd methods. The request should
 * ask for {@code Connection: close}; the answer is read until the server closes or its
 * Content-Length is complete.
 */
final class RawHttp {
    private static final int TIMEOUT_MS = 10_000;

    private RawHttp() {}

    /** An answer: its status, headers by lower-case name, and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return SimClient.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** The request line, headers and body of a request, with CRLF line ends, to the base's host. */
    static Answer send(URI base, String request) {
        return send(base, request.getBytes(StandardCharsets.UTF_8));
    }

    static Answer send(URI base, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sends {@code method} for {@code path}, appended as it is to the base URI's path (a WAR's
     * context), with a body (or null) and header lines, and reads the whole answer.
     */
    static Answer send(URI base, String method, String path, String body, String... headerLines) {
        return send(base, withBody(method, target(base, path), body == null ? "" : body, headerLines));
    }

    /** Sends such a request and returns its open connection unread, for a client that goes away. */
    static Socket open(URI base, String method, String path, String body, String... headerLines) {
        try {
            Socket socket = new Socket();
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), TIMEOUT_MS);
            socket.getOutputStream()
                    .write(withBody(method, target(base, path), body == null ? "" : body, headerLines)
                            .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String target(URI base, String path) {
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        return (basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath) + path;
    }

    /** A request with {@code Connection: close} added to the headers given (name: value lines). */
    static String request(String method, String target, String... headerLines) {
        return withBody(method, target, "", headerLines);
    }

    /** The same, with a body and its Content-Length. */
    static String withBody(String method, String target, String body, String... headerLines) {
        StringBuilder text = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: localhost\r\n");
        for (String line : headerLines) {
            text.append(line).append("\r\n");
        }
        if (!body.isEmpty()) {
            text.append("Content-Length: ")
                    .append(body.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n");
        }
        return text.append("Connection: close\r\n\r\n").append(body).toString();
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int contentLength = -1;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                received.write(buffer, 0, n);
                if (headEnd < 0) {
                    headEnd = received.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
                    if (headEnd >= 0) {
                        contentLength = contentLength(
                                received.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd));
                    }
                }
                if (headEnd >= 0 && contentLength >= 0 && received.size() >= headEnd + 4 + contentLength) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // The server kept the connection open without a length: what came is the answer.
        }
        String text = received.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no HTTP answer: '" + text + "'");
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, text.substring(end + 4));
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return -1;
    }
}
