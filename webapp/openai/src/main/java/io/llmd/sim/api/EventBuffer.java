package io.llmd.sim.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that one stream reuses for every event, so that writing a token
 * allocates nothing once the buffer has grown to the size of an event.
 */
public final class EventBuffer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private byte[] bytes = new byte[512];
    private int length;

    public void reset() {
        length = 0;
    }

    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public EventBuffer append(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, length, data.length);
        length += data.length;
        return this;
    }

    /** Appends the decimal digits of a number, without allocating. */
    public EventBuffer appendNumber(long value) {
        if (value == Long.MIN_VALUE) {
            return append(Long.toString(value).getBytes(StandardCharsets.US_ASCII));
        }
        if (value < 0) {
            ensure(1);
            bytes[length++] = '-';
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
        return this;
    }

    /**
     * Appends a string as the inside of a JSON string literal, UTF-8 encoded, without allocating:
     * quotes, backslashes and control characters escaped, everything else as is.
     */
    public EventBuffer appendJsonEscaped(String text) {
        int length = text.length();
        ensure(length);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (this.length == bytes.length) {
                    ensure(1);
                }
                bytes[this.length++] = (byte) c;
            } else {
                appendSpecial(text, i, c);
                if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                }
            }
        }
        return this;
    }

    private void appendSpecial(String text, int i, char c) {
        ensure(6);
        switch (c) {
            case '"' -> put('\\', '"');
            case '\\' -> put('\\', '\\');
            case '\n' -> put('\\', 'n');
            case '\r' -> put('\\', 'r');
            case '\t' -> put('\\', 't');
            case '\b' -> put('\\', 'b');
            case '\f' -> put('\\', 'f');
            default -> {
                if (c < 0x20) {
                    bytes[length++] = '\\';
                    bytes[length++] = 'u';
                    bytes[length++] = '0';
                    bytes[length++] = '0';
                    bytes[length++] = (byte) HEX[c >> 4];
                    bytes[length++] = (byte) HEX[c & 0xF];
                } else if (c < 0x800) {
                    bytes[length++] = (byte) (0xC0 | (c >> 6));
                    bytes[length++] = (byte) (0x80 | (c & 0x3F));
                } else if (Character.isHighSurrogate(c)
                        && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, text.charAt(i + 1));
                    bytes[length++] = (byte) (0xF0 | (cp >> 18));
                    bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    bytes[length++] = (byte) (0x80 | (cp & 0x3F));
                } else if (Character.isSurrogate(c)) {
                    // A lone surrogate cannot be UTF-8: write '?', as String.getBytes does.
                    bytes[length++] = '?';
                } else {
                    bytes[length++] = (byte) (0xE0 | (c >> 12));
                    bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                    bytes[length++] = (byte) (0x80 | (c & 0x3F));
                }
            }
        }
    }

    private void put(char a, char b) {
        bytes[length++] = (byte) a;
        bytes[length++] = (byte) b;
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private void ensure(int extra) {
        if (length + extra > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + extra));
        }
    }
}
