package io.llmd.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Incremental HTTP/1.1 response framing: the status line, the headers, then a chunked, fixed
 * length or read-until-close body handed on as it arrives. Keeps a few fields per connection and
 * allocates only for header lines.
 */
final class ResponseParser {

    /** Receives body bytes (de-chunked) as they arrive. */
    interface BodySink {
        void body(byte[] data, int offset, int length, long nanos) throws IOException;
    }

    private enum State {
        STATUS,
        HEADERS,
        CHUNK_SIZE,
        CHUNK_EXTENSION,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILER,
        FIXED,
        UNTIL_EOF,
        COMPLETE
    }

    private static final int MAX_LINE = 16 * 1024;
    private static final long MAX_CHUNK = 1L << 31;

    private State state = State.STATUS;
    private byte[] line = new byte[64];
    private int lineLength;
    private int status;
    private boolean chunked;
    private long contentLength = -1;
    private boolean keepAlive = true;
    private long remaining;
    private boolean sawDigit;

    void reset() {
        state = State.STATUS;
        lineLength = 0;
        status = 0;
        chunked = false;
        contentLength = -1;
        keepAlive = true;
        remaining = 0;
        sawDigit = false;
    }

    int status() {
        return status;
    }

    /** Whether the connection may carry another request after this response. */
    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Feeds bytes read from the socket.
     *
     * @return true when the response is complete (bytes after its end are ignored)
     */
    boolean feed(byte[] data, int offset, int length, long nanos, BodySink sink) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end && state != State.COMPLETE) {
            switch (state) {
                case STATUS, HEADERS -> {
                    byte b = data[i++];
                    if (b == '\n') {
                        headerLine();
                    } else if (b != '\r') {
                        appendLine(b);
                    }
                }
                case CHUNK_SIZE -> chunkSize(data[i++]);
                case CHUNK_EXTENSION -> {
                    if (data[i++] == '\n') {
                        endOfChunkHeader();
                    }
                }
                case CHUNK_DATA, FIXED -> {
                    int n = (int) Math.min(remaining, end - i);
                    sink.body(data, i, n, nanos);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = state == State.FIXED ? State.COMPLETE : State.CHUNK_DATA_END;
                    }
                }
                case CHUNK_DATA_END -> {
                    byte b = data[i++];
                    if (b == '\n') {
                        state = State.CHUNK_SIZE;
                        remaining = 0;
                        sawDigit = false;
                    } else if (b != '\r') {
                        throw new IOException("bad chunk end");
                    }
                }
                case TRAILER -> {
                    byte b = data[i++];
                    if (b == '\n') {
                        if (lineLength == 0) {
                            state = State.COMPLETE;
                        }
                        lineLength = 0;
                    } else if (b != '\r') {
                        lineLength++;
                    }
                }
                case UNTIL_EOF -> {
                    sink.body(data, i, end - i, nanos);
                    i = end;
                }
                case COMPLETE -> throw new IllegalStateException();
            }
        }
        return state == State.COMPLETE;
    }

    /** The server closed the connection: true if that ends a read-until-close body. */
    boolean endOfInput() {
        if (state == State.UNTIL_EOF) {
            state = State.COMPLETE;
            return true;
        }
        return false;
    }

    private void appendLine(byte b) throws IOException {
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE) {
                throw new IOException("header line too long");
            }
            line = java.util.Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void headerLine() throws IOException {
        String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        lineLength = 0;
        if (state == State.STATUS) {
            if (text.isEmpty()) {
                return;
            }
            if (!text.startsWith("HTTP/1.") || text.length() < 12) {
                throw new IOException("bad status line: " + text);
            }
            keepAlive = text.startsWith("HTTP/1.1");
            try {
                status = Integer.parseInt(text.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("bad status line: " + text);
            }
            state = State.HEADERS;
            return;
        }
        if (text.isEmpty()) {
            endOfHeaders();
            return;
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IOException("bad header line: " + text);
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        String value = text.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
        switch (name) {
            case "transfer-encoding" -> chunked = value.contains("chunked");
            case "content-length" -> {
                try {
                    contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("bad content-length: " + value);
                }
            }
            case "connection" -> {
                if (value.contains("close")) {
                    keepAlive = false;
                } else if (value.contains("keep-alive")) {
                    keepAlive = true;
                }
            }
            default -> {
                // not needed
            }
        }
    }

    private void endOfHeaders() {
        if (status >= 100 && status < 200) {
            int informational = status;
            reset();
            status = informational;
            return;
        }
        if (status == 204 || status == 304) {
            state = State.COMPLETE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
            remaining = 0;
            sawDigit = false;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = contentLength == 0 ? State.COMPLETE : State.FIXED;
        } else {
            state = State.UNTIL_EOF;
            keepAlive = false;
        }
    }

    private void chunkSize(byte b) throws IOException {
        int digit = Character.digit(b, 16);
        if (digit >= 0) {
            remaining = remaining * 16 + digit;
            sawDigit = true;
            if (remaining > MAX_CHUNK) {
                throw new IOException("chunk too large");
            }
        } else if (b == '\n') {
            endOfChunkHeader();
        } else if (b == ';' || b == ' ' || b == '\t') {
            state = State.CHUNK_EXTENSION;
        } else if (b != '\r') {
            throw new IOException("bad chunk size byte " + b);
        }
    }

    private void endOfChunkHeader() throws IOException {
        if (!sawDigit) {
            throw new IOException("missing chunk size");
        }
        if (remaining == 0) {
            state = State.TRAILER;
            lineLength = 0;
        } else {
            state = State.CHUNK_DATA;
        }
    }
}
