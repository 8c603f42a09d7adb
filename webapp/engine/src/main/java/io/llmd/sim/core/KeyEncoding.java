package io.llmd.sim.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The bytes vLLM hashes for a block: its key {@code (parent: bytes, tokens: tuple[int], extra:
 * tuple[str] | None)}, or the hash seed (a str), serialized as Python's pickle (protocol 5, with its
 * frame and memo opcodes) or as canonical CBOR does it. Only the types a block key holds are
 * written, so the output is byte for byte what Python writes for them.
 */
final class KeyEncoding {
    private KeyEncoding() {}

    /** A block key's bytes. */
    static byte[] blockKey(
            PrefixHashAlgo algo, byte[] parent, int[] tokens, int from, int to, @Nullable List<String> extra) {
        return algo == PrefixHashAlgo.SHA256
                ? Pickle.blockKey(parent, tokens, from, to, extra)
                : Cbor.blockKey(parent, tokens, from, to, extra);
    }

    /** The hash seed's bytes (a Python str). */
    static byte[] seed(PrefixHashAlgo algo, String seed) {
        return algo == PrefixHashAlgo.SHA256 ? Pickle.string(seed) : Cbor.string(seed);
    }

    private static final class Pickle {
        private static final int PROTO = 0x80;
        private static final int FRAME = 0x95;
        private static final int MEMOIZE = 0x94;
        private static final int STOP = '.';
        private static final int NONE = 'N';
        private static final int MARK = '(';
        private static final int TUPLE = 't';
        private static final int EMPTY_TUPLE = ')';
        private static final int[] SMALL_TUPLE = {0, 0x85, 0x86, 0x87};

        static byte[] blockKey(byte[] parent, int[] tokens, int from, int to, @Nullable List<String> extra) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            // SHORT_BINBYTES (or BINBYTES), memoized
            if (parent.length < 256) {
                body.write('C');
                body.write(parent.length);
            } else {
                body.write('B');
                int32(body, parent.length);
            }
            body.writeBytes(parent);
            body.write(MEMOIZE);
            tuple(body, to - from, () -> {
                for (int i = from; i < to; i++) {
                    integer(body, tokens[i]);
                }
            });
            if (extra == null) {
                body.write(NONE);
            } else {
                tuple(body, extra.size(), () -> extra.forEach(key -> str(body, key)));
            }
            body.write(SMALL_TUPLE[3]);
            body.write(MEMOIZE);
            return framed(body);
        }

        static byte[] string(String value) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            str(body, value);
            return framed(body);
        }

        private static void tuple(ByteArrayOutputStream out, int size, Runnable items) {
            if (size == 0) {
                out.write(EMPTY_TUPLE);
                return;
            }
            if (size > 3) {
                out.write(MARK);
            }
            items.run();
            out.write(size > 3 ? TUPLE : SMALL_TUPLE[size]);
            out.write(MEMOIZE);
        }

        private static void integer(ByteArrayOutputStream out, int value) {
            if (value >= 0 && value < 256) {
                out.write('K');
                out.write(value);
            } else if (value >= 0 && value < 65_536) {
                out.write('M');
                out.write(value & 0xff);
                out.write(value >>> 8);
            } else {
                out.write('J');
                int32(out, value);
            }
        }

        private static void str(ByteArrayOutputStream out, String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            if (utf8.length < 256) {
                out.write(0x8c);
                out.write(utf8.length);
            } else {
                out.write('X');
                int32(out, utf8.length);
            }
            out.writeBytes(utf8);
            out.write(MEMOIZE);
        }

        private static void int32(ByteArrayOutputStream out, int value) {
            for (int shift = 0; shift < 32; shift += 8) {
                out.write(value >>> shift);
            }
        }

        /** Protocol header, then the body and STOP in one frame (Python frames anything of 4 bytes or more). */
        private static byte[] framed(ByteArrayOutputStream body) {
            body.write(STOP);
            byte[] payload = body.toByteArray();
            ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 11);
            out.write(PROTO);
            out.write(5);
            if (payload.length >= 4) {
                out.write(FRAME);
                long length = payload.length;
                for (int shift = 0; shift < 64; shift += 8) {
                    out.write((int) (length >>> shift));
                }
            }
            out.writeBytes(payload);
            return out.toByteArray();
        }
    }

    private static final class Cbor {
        static byte[] blockKey(byte[] parent, int[] tokens, int from, int to, @Nullable List<String> extra) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            head(out, 4, 3);
            head(out, 2, parent.length);
            out.writeBytes(parent);
            head(out, 4, to - from);
            for (int i = from; i < to; i++) {
                if (tokens[i] >= 0) {
                    head(out, 0, tokens[i]);
                } else {
                    head(out, 1, -1L - tokens[i]);
                }
            }
            if (extra == null) {
                out.write(0xf6);
            } else {
                head(out, 4, extra.size());
                extra.forEach(key -> text(out, key));
            }
            return out.toByteArray();
        }

        static byte[] string(String value) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            text(out, value);
            return out.toByteArray();
        }

        private static void text(ByteArrayOutputStream out, String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            head(out, 3, utf8.length);
            out.writeBytes(utf8);
        }

        /** A major type and its argument in the shortest form, as canonical CBOR requires. */
        private static void head(ByteArrayOutputStream out, int major, long argument) {
            int type = major << 5;
            if (argument < 24) {
                out.write(type | (int) argument);
            } else if (argument < 0x100) {
                out.write(type | 24);
                out.write((int) argument);
            } else if (argument < 0x10000) {
                out.write(type | 25);
                out.write((int) (argument >>> 8));
                out.write((int) argument);
            } else if (argument < 0x100000000L) {
                out.write(type | 26);
                for (int shift = 24; shift >= 0; shift -= 8) {
                    out.write((int) (argument >>> shift));
                }
            } else {
                out.write(type | 27);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (argument >>> shift));
                }
            }
        }
    }
}
