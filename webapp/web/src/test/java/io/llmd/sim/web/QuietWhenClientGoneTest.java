package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuietWhenClientGoneTest {

    /** What reached the container's stream: the bytes, and "flush" or "close" where they came. */
    private static final class ContainerStream extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> calls = new ArrayList<>();
        IOException failure;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (failure != null) {
                throw failure;
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
    }

    /** Runs the interceptor around an entity that writes two events, each followed by a flush, and closes. */
    private static ContainerStream stream(ContainerStream container) throws IOException {
        OutputStream[] current = {container};
        WriterInterceptorContext context = (WriterInterceptorContext) Proxy.newProxyInstance(
                WriterInterceptorContext.class.getClassLoader(),
                new Class<?>[] {WriterInterceptorContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getOutputStream" -> current[0];
                    case "setOutputStream" -> {
                        current[0] = (OutputStream) args[0];
                        yield null;
                    }
                    case "proceed" -> {
                        OutputStream out = current[0];
                        out.flush(); // the stream's start: commits the response
                        out.write("a".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        out.write("b".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        out.close();
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        new QuietWhenClientGone().aroundWriteTo(context);
        return container;
    }

    @Test
    void theContainerGetsEveryWriteFlushAndTheClose() throws IOException {
        ContainerStream container = stream(new ContainerStream());

        assertThat(container.calls).containsExactly("flush", "a", "flush", "b", "flush", "close");
        assertThat(container.bytes.toString(StandardCharsets.UTF_8)).isEqualTo("ab");
    }

    @Test
    void aClientGoneEndsTheAnswerQuietlyAndAnyOtherFailureIsThrown() throws IOException {
        ContainerStream gone = new ContainerStream();
        gone.failure = new SocketException("Broken pipe");
        stream(gone);
        assertThat(gone.calls).containsExactly("flush");

        ContainerStream broken = new ContainerStream();
        broken.failure = new IOException("disk on fire");
        assertThatThrownBy(() -> stream(broken)).hasMessage("disk on fire");
    }
}
