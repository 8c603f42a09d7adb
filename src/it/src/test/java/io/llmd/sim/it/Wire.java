package io.llmd.sim.it;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One HTTP/1.1 request exactly as the bytes a client puts on the wire, without the checks a real
 * client makes: any method, target, header line or framing. A target starting with {@code /} is
 * taken relative to the application's root; any other target is sent as written, after
 * {@code {authority}} and {@code {prefix}} are replaced. Characters 0x80-0xFF of the head are sent as
 * single raw bytes (ISO-8859-1), so that a test can put invalid bytes in a path or a header.
 */
final class Wire {
    private final String method;
    private final String target;
    private final List<String> headerLines = new ArrayList<>();
    private byte[] body = new byte[0];
    private String version = "HTTP/1.1";
    private String requestLine;
    private String lineEnd = "\r\n";
    private boolean host = true;
    private boolean contentLength = true;
    private boolean halfClose;

    private Wire(String method, String target) {
        this.method = method;
        this.target = target;
    }

    static Wire get(String target) {
        return new Wire("GET", target);
    }

    static Wire post(String target, String json) {
        return new Wire("POST", target)
                .header("Content-Type", "application/json")
                .body(json);
    }

    static Wire method(String method, String target) {
        return new Wire(method, target);
    }

    Wire header(String name, String value) {
        headerLines.add(name + ": " + value);
        return this;
    }

    /** A header line as written, well-formed or not. */
    Wire headerLine(String line) {
        headerLines.add(line);
        return this;
    }

    /** Drops the header lines starting with this name (as added, case-insensitive). */
    Wire without(String name) {
        headerLines.removeIf(line -> line.regionMatches(true, 0, name + ":", 0, name.length() + 1));
        return this;
    }

    Wire body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    Wire body(byte[] bytes) {
        body = bytes;
        return this;
    }

    Wire version(String protocol) {
        version = protocol;
        return this;
    }

    /** The whole request line as written (with the placeholders), instead of method, target and version. */
    Wire requestLine(String line) {
        requestLine = line;
        return this;
    }

    Wire lineEnd(String end) {
        lineEnd = end;
        return this;
    }

    Wire withoutHost() {
        host = false;
        return this;
    }

    /** No Content-Length header: the body is framed by the request's own headers (chunked) or not at all. */
    Wire withoutContentLength() {
        contentLength = false;
        return this;
    }

    /** Closes the sending half of the connection after the request: the server sees its end at once. */
    Wire halfClose() {
        halfClose = true;
        return this;
    }

    boolean closesOutput() {
        return halfClose;
    }

    /** Whether the request may reach a generation route, the only ones that take a place in the scheduler. */
    boolean mayGenerate() {
        String path = path();
        return path.contains("completions") && !path.contains("/render")
                || path.startsWith("/v1/messages") && !path.contains("count_tokens")
                || path.startsWith("/v1/responses")
                || path.startsWith("/v1/embeddings")
                || path.startsWith("/inference/v1/generate");
    }

    /**
     * Whether the request is for Anthropic's Messages API ({@code /v1/messages} and below), whose
     * errors come in Anthropic's shape rather than vLLM's.
     */
    boolean anthropic() {
        String path = path();
        return path.equals("/v1/messages") || path.matches("/v1/messages[/;?].*");
    }

    /** The request's target as sent (from the request line when one is written), without the prefix placeholder. */
    private String path() {
        String sent = target;
        if (requestLine != null) {
            String[] parts = requestLine.split(" ");
            sent = parts.length > 1 ? parts[1] : requestLine;
        }
        return sent.replace("{prefix}", "");
    }

    /** The request's bytes for an application at {@code prefix} ("" or "/context") behind {@code authority}. */
    byte[] bytes(String authority, String prefix) {
        String line = requestLine != null
                ? requestLine
                : method + " " + (target.startsWith("/") ? prefix + target : target) + " " + version;
        StringBuilder head =
                new StringBuilder(line.replace("{authority}", authority).replace("{prefix}", prefix)).append(lineEnd);
        if (host) {
            head.append("Host: ").append(authority).append(lineEnd);
        }
        for (String header : headerLines) {
            head.append(header.replace("{authority}", authority).replace("{prefix}", prefix))
                    .append(lineEnd);
        }
        if (contentLength
                && (body.length > 0 || method.equals("POST") || method.equals("PUT") || method.equals("PATCH"))) {
            head.append("Content-Length: ").append(body.length).append(lineEnd);
        }
        head.append("Connection: close").append(lineEnd).append(lineEnd);
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + body.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** One line for a report: the request line, the odd header lines and the start of the body. */
    String summary() {
        StringBuilder text = new StringBuilder(requestLine != null ? requestLine : method + " " + target);
        if (text.length() > 90) {
            text.setLength(90);
            text.append("…(")
                    .append((requestLine != null ? requestLine : target).length())
                    .append(" chars)");
        }
        for (String header : headerLines) {
            if (!header.equals("Content-Type: application/json")) {
                text.append(" [").append(shorten(header, 60)).append(']');
            }
        }
        if (body.length > 0) {
            text.append(' ').append(preview(body, 110));
        }
        return escape(text.toString());
    }

    /** The start of a body as printable text: other bytes as \xNN, the rest counted. */
    static String preview(byte[] bytes, int limit) {
        StringBuilder text = new StringBuilder();
        int shown = Math.min(bytes.length, limit);
        for (int i = 0; i < shown; i++) {
            int b = bytes[i] & 0xff;
            text.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02X", b));
        }
        if (bytes.length > shown) {
            text.append("…(").append(bytes.length).append(" bytes)");
        }
        return text.toString();
    }

    private static String shorten(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit) + "…(" + text.length() + " chars)";
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f || c == '…' ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return out.toString();
    }
}
