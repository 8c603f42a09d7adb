package io.llmd.sim.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --log-requests}: one line per request once it has ended, e.g.
 * {@code POST /v1/chat/completions 200 model=qwen prompt_tokens=8 completion_tokens=5 duration_ms=412.7}, or
 * for a failure injected on purpose {@code ... 503 model=qwen injected_failure=X-Return-Error duration_ms=0.4}.
 * The model is the request body's top-level {@code "model"}; the tokens are the answer's
 * {@code usage}, or for a stream without usage the number of token events (then there is no
 * prompt count). Both are read from copies of what passes, bounded in size, so that the request
 * and the answer themselves are untouched.
 */
final class RequestLog extends HttpFilter {
    private static final Logger LOG = Logger.getLogger(RequestLog.class.getName());
    /** Enough for the head of any request body and any non-streamed answer's usage. */
    private static final int CAPTURE = 64 * 1024;
    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern PROMPT_TOKENS = Pattern.compile("\"prompt_tokens\":(\\d+)");
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");
    private static final byte[] TOKEN_EVENT = "\"choices\":[{".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        Entry entry = new Entry(request, response, start);
        boolean async = false;
        try {
            chain.doFilter(entry.request, entry.response);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(entry);
                async = true;
            }
        } finally {
            if (!async) {
                entry.log();
            }
        }
    }

    /** One request's copies, logged once when it ends. */
    private static final class Entry implements AsyncListener {
        private final long start;
        private final String method;
        private final String path;
        private final HttpServletResponse original;
        private final Capture body = new Capture(CAPTURE);
        private final Capture answer = new Capture(CAPTURE);
        private final EventCounter tokenEvents = new EventCounter(TOKEN_EVENT);
        private final CapturingRequest request;
        private final CapturingResponse response;
        private final AtomicBoolean logged = new AtomicBoolean();

        Entry(HttpServletRequest request, HttpServletResponse response, long start) {
            this.start = start;
            this.method = request.getMethod();
            this.path = request.getRequestURI();
            this.original = response;
            this.request = new CapturingRequest(request, body);
            this.response = new CapturingResponse(response, this);
        }

        void written(byte[] bytes, int offset, int length) {
            answer.write(bytes, offset, length);
            tokenEvents.scan(bytes, offset, length);
        }

        void log() {
            if (!logged.compareAndSet(false, true)) {
                return;
            }
            StringBuilder line = new StringBuilder(method).append(' ').append(path).append(' ')
                    .append(original.getStatus()).append(" model=").append(model());
            if (request.getAttribute(InjectedFailures.CAUSE) instanceof String cause) {
                line.append(" injected_failure=").append(cause);
            }
            String text = answer.tail();
            String prompt = last(PROMPT_TOKENS, text);
            String completion = last(COMPLETION_TOKENS, text);
            if (prompt != null && completion != null) {
                line.append(" prompt_tokens=").append(prompt).append(" completion_tokens=").append(completion);
            } else if (tokenEvents.count() > 0) {
                line.append(" completion_tokens=").append(tokenEvents.count());
            }
            line.append(String.format(Locale.ROOT, " duration_ms=%.1f", (System.nanoTime() - start) / 1e6));
            LOG.info(line.toString());
        }

        /** The last match's number: a stream with continuous usage repeats it, the last one is final. */
        private static String last(Pattern pattern, String text) {
            Matcher matcher = pattern.matcher(text);
            String found = null;
            while (matcher.find()) {
                found = matcher.group(1);
            }
            return found;
        }

        /** The body's top-level "model", or "-". */
        private String model() {
            byte[] bytes = body.bytes();
            if (bytes.length == 0) {
                return "-";
            }
            try (JsonParser parser = JSON.createParser(bytes)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return "-";
                }
                for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if (field.equals("model") && value == JsonToken.VALUE_STRING) {
                        return parser.getText();
                    }
                    parser.skipChildren();
                }
            } catch (IOException e) {
                // Not JSON, or cut off before the model: nothing to name.
            }
            return "-";
        }

        @Override
        public void onComplete(AsyncEvent event) {
            log();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** The first bytes and the last bytes of what passes, at most {@code limit} of each. */
    private static final class Capture {
        private final int limit;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final byte[] tail;
        private int tailEnd;
        private boolean tailFull;

        Capture(int limit) {
            this.limit = limit;
            this.tail = new byte[limit];
        }

        synchronized void write(byte[] bytes, int offset, int length) {
            int toHead = Math.min(length, limit - head.size());
            if (toHead > 0) {
                head.write(bytes, offset, toHead);
            }
            for (int i = Math.max(0, length - limit); i < length; i++) {
                tail[tailEnd] = bytes[offset + i];
                tailEnd = (tailEnd + 1) % limit;
                tailFull |= tailEnd == 0;
            }
        }

        synchronized byte[] bytes() {
            return head.toByteArray();
        }

        /** The last bytes written, as text. */
        synchronized String tail() {
            if (!tailFull) {
                return new String(tail, 0, tailEnd, StandardCharsets.UTF_8);
            }
            byte[] ordered = new byte[limit];
            System.arraycopy(tail, tailEnd, ordered, 0, limit - tailEnd);
            System.arraycopy(tail, 0, ordered, limit - tailEnd, tailEnd);
            return new String(ordered, StandardCharsets.UTF_8);
        }
    }

    /** Counts a byte pattern in a stream of writes, across their boundaries. */
    private static final class EventCounter {
        private final byte[] pattern;
        private int matched;
        private long count;

        EventCounter(byte[] pattern) {
            this.pattern = pattern;
        }

        synchronized void scan(byte[] bytes, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                // A mismatch restarts the match at this byte: enough for this pattern in JSON, which
                // never holds it overlapping itself (no full KMP needed).
                matched = bytes[i] == pattern[matched] ? matched + 1 : bytes[i] == pattern[0] ? 1 : 0;
                if (matched == pattern.length) {
                    count++;
                    matched = 0;
                }
            }
        }

        synchronized long count() {
            return count;
        }
    }

    private static final class CapturingRequest extends HttpServletRequestWrapper {
        private final Capture body;
        private ServletInputStream input;

        CapturingRequest(HttpServletRequest request, Capture body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (input == null) {
                ServletInputStream in = super.getInputStream();
                input = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            body.write(new byte[] {(byte) b}, 0, 1);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0) {
                            body.write(buffer, offset, n);
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
            return input;
        }
    }

    private static final class CapturingResponse extends HttpServletResponseWrapper {
        private final Entry entry;
        private ServletOutputStream output;
        private PrintWriter writer;

        CapturingResponse(HttpServletResponse response, Entry entry) {
            super(response);
            this.entry = entry;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (output == null) {
                ServletOutputStream out = super.getOutputStream();
                output = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        entry.written(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                        entry.written(bytes, offset, length);
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
            return output;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                String encoding = getCharacterEncoding();
                writer = new PrintWriter(new OutputStreamWriter(getOutputStream(),
                        encoding == null ? StandardCharsets.ISO_8859_1.name() : encoding));
            }
            return writer;
        }
    }
}
