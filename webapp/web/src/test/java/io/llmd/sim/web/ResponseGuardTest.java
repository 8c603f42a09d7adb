package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ResponseGuardTest {

    /** The container's stream: what reached it, and a write that can be held in progress. */
    private static final class ContainerStream extends ServletOutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> calls = new ArrayList<>();
        volatile CountDownLatch writing;
        volatile CountDownLatch release;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (release != null) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            bytes.write(b, off, len);
            calls.add(new String(b, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            calls.add("flush");
        }

        @Override
        public void close() {
            calls.add("close");
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}
    }

    private static ResponseGuard.Guarded guarded(ContainerStream container) {
        HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                HttpServletResponse.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> container;
                    case "isCommitted" -> false;
                    case "flushBuffer" -> {
                        container.calls.add("flushBuffer");
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new ResponseGuard.Guarded(response);
    }

    @Test
    void writesPassUntilTheExchangeEnds() throws IOException {
        ContainerStream container = new ContainerStream();
        ResponseGuard.Guarded response = guarded(container);
        ServletOutputStream out = response.getOutputStream();
        out.write("a".getBytes(StandardCharsets.UTF_8));
        out.flush();
        response.flushBuffer();
        assertThat(response.isCommitted()).isFalse();

        response.end();

        assertThatThrownBy(() -> out.write("b".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EOFException.class)
                .satisfies(e -> assertThat(ClientGone.causedBy(e)).isTrue());
        out.flush();
        out.close();
        response.flushBuffer();
        assertThat(response.isCommitted()).as("nothing may be sent any more").isTrue();
        assertThat(container.calls).containsExactly("a", "flush", "flushBuffer");
    }

    /** Starts a write of "a" and returns once it is inside the container's stream, held there until released. */
    private static Thread writeHeldInTheContainer(ContainerStream container, ResponseGuard.Guarded response)
            throws Exception {
        ServletOutputStream out = response.getOutputStream();
        container.writing = new CountDownLatch(1);
        container.release = new CountDownLatch(1);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                out.write("a".getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(container.writing.await(10, TimeUnit.SECONDS)).isTrue();
        return writer;
    }

    @Test
    void theEndWaitsForTheWriteInProgress() throws Exception {
        ContainerStream container = new ContainerStream();
        ResponseGuard.Guarded response = guarded(container);
        Thread writer = writeHeldInTheContainer(container, response);
        // The container's thread ends the exchange while the write is still inside the container's stream.
        Thread ending = Thread.ofVirtual().start(response::end);
        assertThat(ending.join(java.time.Duration.ofMillis(200)))
                .as("the end waits for the write")
                .isFalse();
        assertThat(response.isEnded()).isFalse();
        container.release.countDown();
        assertThat(ending.join(java.time.Duration.ofSeconds(10))).isTrue();
        writer.join();
        assertThat(response.isEnded()).isTrue();
        assertThat(container.calls).containsExactly("a");
    }

    @Test
    void aWriteThatStaysBlockedDoesNotHoldTheEndForever() throws Exception {
        ContainerStream container = new ContainerStream();
        ResponseGuard.Guarded response = guarded(container);
        Thread writer = writeHeldInTheContainer(container, response);

        Thread ending = Thread.ofVirtual().start(response::end);

        assertThat(ending.join(java.time.Duration.ofSeconds(10)))
                .as("the end gives up waiting")
                .isTrue();
        assertThat(response.isEnded()).isTrue();
        assertThat(writer.isAlive()).as("the write is still blocked").isTrue();
        container.release.countDown();
        writer.join();
    }
}
