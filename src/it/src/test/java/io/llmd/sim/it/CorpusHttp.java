package io.llmd.sim.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a {@link Wire} request on a fresh connection and reads one answer: what the JDK's client
 * refuses to send (bad paths, bad headers, bad framing) goes out as written. The answer's framing
 * is checked rather than trusted: a body cut short is reported, not hidden.
 */
final class CorpusHttp {
    private final String host;
    private final int port;
    private final String prefix;

    /**
     * @param prefix the application's root path on the server: "" for the launcher, "/context" in a container
     */
    CorpusHttp(String host, int port, String prefix) {
        this.host = host;
        this.port = port;
        this.prefix = prefix;
    }

    String authority() {
        return host + ":" + port;
    }

    /** One answer: the status, the headers and the body, and a note when its framing was broken. */
    record Response(int status, List<String[]> headers, byte[] body, String framingProblem) {
        String header(String name) {
            for (String[] header : headers) {
                if (header[0].equalsIgnoreCase(name)) {
                    return header[1];
                }
            }
            return null;
        }

        String contentType() {
            String type = header("Content-Type");
            return type == null ? "" : type;
        }

        /** The body as strict UTF-8, or null when it is not valid UTF-8. */
        String utf8() {
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(body))
                        .toString();
            } catch (CharacterCodingException e) {
                return null;
            }
        }
    }

    /**
     * Sends the request and reads its answer, skipping interim 1xx answers but 101.
     *
     * @throws IOException when no complete head arrives in time or the connection fails
     */
    Response exchange(Wire request, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] bytes = request.bytes(authority(), prefix);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            OutputStream out = socket.getOutputStream();
            // Written from another thread: a server may answer and close before it has read everything.
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(bytes);
                    out.flush();
                    if (request.closesOutput()) {
                        socket.shutdownOutput();
                    }
                } catch (IOException e) {
                    // The server stopped reading: its answer says why.
                }
            });
            try {
                InputStream in = new BufferedInputStream(socket.getInputStream());
                while (true) {
                    Response response = read(in, deadline);
                    if (response.status() >= 200 || response.status() == 101) {
                        return response;
                    }
                }
            } catch (SocketTimeoutException e) {
                throw new IOException("no answer within " + timeout.toSeconds() + " s", e);
            } catch (NumberFormatException e) {
                throw new IOException("a malformed answer: " + e.getMessage(), e);
            } finally {
                writer.interrupt();
            }
        }
    }

    private static Response read(InputStream in, long deadline) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed without an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new IOException(
                    "not an HTTP answer: " + Wire.preview(statusLine.getBytes(StandardCharsets.ISO_8859_1), 80));
        }
        List<String[]> headers = new ArrayList<>();
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).trim();
            String value = colon < 0 ? "" : header.substring(colon + 1).trim();
            headers.add(new String[] {name, value});
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (lower.equals("transfer-encoding")
                    && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (status < 200 || status == 204 || status == 304) {
            return new Response(status, headers, new byte[0], null);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String problem = null;
        if (chunked) {
            problem = readChunks(in, body, deadline);
        } else if (length >= 0) {
            byte[] read = in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
            body.writeBytes(read);
            if (read.length < length) {
                problem = "the body ended after " + read.length + " of its " + length + " bytes";
            }
        } else {
            body.writeBytes(in.readAllBytes());
        }
        return new Response(status, headers, body.toByteArray(), problem);
    }

    private static String readChunks(InputStream in, ByteArrayOutputStream body, long deadline) throws IOException {
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new SocketTimeoutException("the chunked body did not end in time");
            }
            String sizeLine = line(in);
            if (sizeLine == null) {
                return "the chunked body was cut off after " + body.size() + " bytes";
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                for (String trailer = line(in); trailer != null && !trailer.isEmpty(); trailer = line(in)) {
                    // Trailers carry nothing the checks use.
                }
                return null;
            }
            byte[] chunk = in.readNBytes(size);
            body.writeBytes(chunk);
            if (chunk.length < size || line(in) == null) {
                return "the chunked body was cut off after " + body.size() + " bytes";
            }
        }
    }

    /** A line without its CR LF, bytes read as ISO-8859-1; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return line.isEmpty() ? null : line.toString();
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
