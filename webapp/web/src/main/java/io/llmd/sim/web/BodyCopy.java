package io.llmd.sim.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Request and response wrappers that keep a copy of the body bytes passing through them, up to a
 * limit, for {@link HttpExchangeLog}; reading and writing go on unchanged.
 */
final class BodyCopy {
    private final byte[] kept;
    private int size;
    private long total;

    private BodyCopy(int limit) {
        this.kept = new byte[limit];
    }

    /** The bytes kept and how many passed in all. */
    @SuppressWarnings("ArrayRecordComponent") // a log line's input, never compared
    record Copied(byte[] kept, long total) {}

    private synchronized void add(byte[] bytes, int offset, int length) {
        int room = Math.min(length, kept.length - size);
        if (room > 0) {
            System.arraycopy(bytes, offset, kept, size, room);
            size += room;
        }
        total += length;
    }

    synchronized Copied copied() {
        return new Copied(Arrays.copyOf(kept, size), total);
    }

    /** A request whose body is copied as it is read. */
    static final class Request extends HttpServletRequestWrapper {
        private final BodyCopy copy;
        private @Nullable ServletInputStream stream;

        Request(HttpServletRequest request, int limit) {
            super(request);
            this.copy = new BodyCopy(limit);
        }

        Copied body() {
            return copy.copied();
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            copy.add(new byte[] {(byte) b}, 0, 1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] bytes, int offset, int length) throws IOException {
                        int n = in.read(bytes, offset, length);
                        if (n > 0) {
                            copy.add(bytes, offset, n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }

    /** A response whose body is copied as it is written, through its stream or its writer. */
    static final class Response extends HttpServletResponseWrapper {
        private final BodyCopy copy;
        private @Nullable ServletOutputStream stream;
        private @Nullable PrintWriter writer;

        Response(HttpServletResponse response, int limit) {
            super(response);
            this.copy = new BodyCopy(limit);
        }

        Copied body() {
            return copy.copied();
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        copy.add(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                        copy.add(bytes, offset, length);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.close();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                writer = new PrintWriter(
                        new OutputStreamWriter(getOutputStream(), Charset.forName(getCharacterEncoding())));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            super.flushBuffer();
        }
    }
}
