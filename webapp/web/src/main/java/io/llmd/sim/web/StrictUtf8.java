package io.llmd.sim.web;

import com.fasterxml.jackson.core.JsonParseException;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses a request body that is not well-formed UTF-8 (RFC 3629: no overlong forms, no encoded
 * surrogates, nothing above U+10FFFF), as vLLM's JSON decoding does, even where the bad bytes sit
 * in a field nobody reads (Jackson skips those without decoding them). Checked as the bytes pass,
 * without a copy of the body.
 */
final class StrictUtf8 implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        context.setInputStream(new Checking(context.getInputStream()));
        return context.proceed();
    }

    /** Checks each byte read against the UTF-8 grammar; a malformed sequence is a JSON parse error (a 400). */
    static final class Checking extends FilterInputStream {
        /** Continuation bytes still due, and the range the next one must fall in. */
        private int due;

        private int low = 0x80;
        private int high = 0xBF;
        private long offset;

        Checking(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                check(b);
            } else if (due > 0) {
                throw malformed("ends inside a character");
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int from, int length) throws IOException {
            int read = super.read(buffer, from, length);
            if (read < 0 && due > 0) {
                throw malformed("ends inside a character");
            }
            for (int i = from; i < from + read; i++) {
                int b = buffer[i] & 0xFF;
                if (b < 0x80 && due == 0) {
                    offset++;
                    continue; // ASCII, the common case
                }
                check(b);
            }
            return read;
        }

        private void check(int b) throws IOException {
            if (due > 0) {
                if (b < low || b > high) {
                    throw malformed("has a bad continuation byte");
                }
                due--;
                low = 0x80;
                high = 0xBF;
            } else if (b >= 0x80) {
                start(b);
            }
            offset++;
        }

        private void start(int b) throws IOException {
            if (b >= 0xC2 && b <= 0xDF) {
                due = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                due = 2;
                low = b == 0xE0 ? 0xA0 : 0x80;
                high = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                due = 3;
                low = b == 0xF0 ? 0x90 : 0x80;
                high = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                throw malformed("has a byte that starts no character");
            }
        }

        private JsonParseException malformed(String why) {
            return new JsonParseException(null, "Invalid UTF-8: the body " + why + " at byte " + offset);
        }
    }
}
