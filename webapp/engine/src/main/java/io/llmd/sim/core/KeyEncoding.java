package io.llmd.sim.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The bytes vLLM hashes for a block: its key {@code (parent: bytes, tokens: tuple[int], extra:
 * tuple[str] | None)}, or the hash seed (a str), serialized as Python's pickle (protocol 5, with its
 * frame and memo opcodes) or as canonical CBOR does it. Only the types a block key holds are
 * written, so the output is byte for byte what Python writes for them. A key is written into a
 * {@link Buffer} the caller keeps for all of a prompt's blocks, so that hashing a block allocates
 * nothing but its digest.
 */
final class KeyEncoding {
    private KeyEncoding() {}

    /** A reusable byte buffer, read in place. */
    static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(512);
        }

        byte[] array() {
            return buf;
        }

        int length() {
            return count;
        }

        /** Sets byte {@code index}, already written. */
        void set(int index, int value) {
            buf[index] = (byte) value;
        }

        /** Drops {@code length} bytes at {@code from}, moving the rest down. */
        void cut(int from, int length) {
            System.arraycopy(buf, from + length, buf, from, count - from - length);
            count -= length;
        }
    }

    /** Writes a block key's bytes into {@code out}, emptied first. */
    static void blockKey(
            Buffer out,
            PrefixHashAlgo algo,
            byte[] parent,
            int[] tokens,
            int from,
            int to,
            @Nullable List<String> extra) {
        out.reset();
        if (algo == PrefixHashAlgo.SHA256) {
            Pickle.blockKey(out, parent, tokens, from, to, extra);
        } else {
            Cbor.blockKey(out, parent, tokens, from, to, extra);
        }
    }

    /** The hash seed's bytes (a Python str). */
    static byte[] seed(PrefixHashAlgo algo, String seed) {
        Buffer out = new Buffer();
        if (algo == PrefixHashAlgo.SHA256) {
            Pickle.string(out, seed);
        } else {
            Cbor.text(out, seed);
        }
        return out.toByteArray();
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
        /** The protocol header: PROTO 5, FRAME and the frame's 8-byte length. */
        private static final int HEADER = 11;
        /** Python frames a payload of at least this many bytes. */
        private static final int MIN_FRAMED = 4;

        static void blockKey(Buffer out, byte[] parent, int[] tokens, int from, int to, @Nullable List<String> extra) {
            startFrame(out);
            // SHORT_BINBYTES (or BINBYTES), memoized
            if (parent.length < 256) {
                out.write('C');
                out.write(parent.length);
            } else {
                out.write('B');
                int32(out, parent.length);
            }
            out.writeBytes(parent);
            out.write(MEMOIZE);
            int size = to - from;
            tupleStart(out, size);
            for (int i = from; i < to; i++) {
                integer(out, tokens[i]);
            }
            tupleEnd(out, size);
            if (extra == null) {
                out.write(NONE);
            } else {
                tupleStart(out, extra.size());
                for (String key : extra) {
                    str(out, key);
                }
                tupleEnd(out, extra.size());
            }
            out.write(SMALL_TUPLE[3]);
            out.write(MEMOIZE);
            endFrame(out);
        }

        static void string(Buffer out, String value) {
            startFrame(out);
            str(out, value);
            endFrame(out);
        }

        private static void tupleStart(Buffer out, int size) {
            if (size > 3) {
                out.write(MARK);
            }
        }

        private static void tupleEnd(Buffer out, int size) {
            if (size == 0) {
                out.write(EMPTY_TUPLE);
                return;
            }
            out.write(size > 3 ? TUPLE : SMALL_TUPLE[size]);
            out.write(MEMOIZE);
        }

        private static void integer(Buffer out, int value) {
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

        private static void str(Buffer out, String value) {
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

        private static void int32(Buffer out, int value) {
            for (int shift = 0; shift < 32; shift += 8) {
                out.write(value >>> shift);
            }
        }

        /** The protocol header, with room for the frame's length, written once the payload is. */
        private static void startFrame(Buffer out) {
            out.write(PROTO);
            out.write(5);
            out.write(FRAME);
            out.writeBytes(new byte[8]);
        }

        /** STOP ends the payload; a payload too short to be framed loses its frame opcode and length. */
        private static void endFrame(Buffer out) {
            out.write(STOP);
            int length = out.length() - HEADER;
            if (length < MIN_FRAMED) {
                out.cut(2, HEADER - 2);
                return;
            }
            for (int i = 0; i < 8; i++) {
                out.set(3 + i, i < 4 ? length >>> (8 * i) : 0);
            }
        }
    }

    private static final class Cbor {
        static void blockKey(Buffer out, byte[] parent, int[] tokens, int from, int to, @Nullable List<String> extra) {
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
                for (String key : extra) {
                    text(out, key);
                }
            }
        }

        static void text(Buffer out, String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            head(out, 3, utf8.length);
            out.writeBytes(utf8);
        }

        /** A major type and its argument in the shortest form, as canonical CBOR requires. */
        private static void head(Buffer out, int major, long argument) {
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
