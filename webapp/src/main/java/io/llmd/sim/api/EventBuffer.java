package io.llmd.sim.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that one stream reuses for every event, so that writing a token
 * allocates nothing once the buffer has grown to the size of an event.
 */
public final class EventBuffer {
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
