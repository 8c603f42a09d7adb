package io.llmd.sim.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a Server-Sent Events body into lines as it arrives and classifies the {@code data:}
 * lines: {@code [DONE]}, an error event, or a token event (one carrying {@code "content":"} or
 * {@code "text":"}). Lines are examined in place; only a line split across two reads is copied.
 */
final class SseScanner {

    /** Receives one call per token event. */
    interface TokenSink {
        void token(long nanos);
    }

    private static final byte[] DATA = ascii("data:");
    private static final byte[] DONE = ascii("[DONE]");
    private static final byte[] ERROR = ascii("{\"error\"");
    private static final byte[] CONTENT = ascii("\"content\":\"");
    private static final byte[] TEXT = ascii("\"text\":\"");
    private static final int MAX_LINE = 1 << 20;

    private byte[] carry;
    private int carryLength;
    private boolean done;
    private boolean error;

    void reset() {
        carryLength = 0;
        done = false;
        error = false;
    }

    boolean sawDone() {
        return done;
    }

    boolean sawError() {
        return error;
    }

    void feed(byte[] data, int offset, int length, long nanos, TokenSink sink) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            int newline = indexOf(data, i, end, (byte) '\n');
            if (newline < 0) {
                keep(data, i, end - i);
                return;
            }
            if (carryLength > 0) {
                keep(data, i, newline - i);
                line(carry, 0, carryLength, nanos, sink);
                carryLength = 0;
            } else {
                line(data, i, newline - i, nanos, sink);
            }
            i = newline + 1;
        }
    }

    private void line(byte[] data, int from, int length, long nanos, TokenSink sink) {
        int end = from + length;
        if (end > from && data[end - 1] == '\r') {
            end--;
        }
        if (done || end - from < DATA.length || !startsWith(data, from, end, DATA)) {
            return;
        }
        int payload = from + DATA.length;
        if (payload < end && data[payload] == ' ') {
            payload++;
        }
        if (end - payload == DONE.length && startsWith(data, payload, end, DONE)) {
            done = true;
        } else if (startsWith(data, payload, end, ERROR)) {
            error = true;
        } else if (indexOf(data, payload, end, CONTENT) >= 0 || indexOf(data, payload, end, TEXT) >= 0) {
            sink.token(nanos);
        }
    }

    private void keep(byte[] data, int from, int length) throws IOException {
        if (carry == null) {
            carry = new byte[Math.max(512, length)];
        }
        if (carryLength + length > carry.length) {
            if (carryLength + length > MAX_LINE) {
                throw new IOException("event line longer than " + MAX_LINE + " bytes");
            }
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLength + length));
        }
        System.arraycopy(data, from, carry, carryLength, length);
        carryLength += length;
    }

    private static int indexOf(byte[] data, int from, int end, byte b) {
        for (int i = from; i < end; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] data, int from, int end, byte[] pattern) {
        byte first = pattern[0];
        int last = end - pattern.length;
        for (int i = from; i <= last; i++) {
            if (data[i] == first && startsWith(data, i, end, pattern)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] data, int from, int end, byte[] prefix) {
        if (end - from < prefix.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (data[from + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
