package io.llmd.sim.web;

import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.internal.PropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;
import org.jspecify.annotations.Nullable;

/**
 * One request to a Jersey application without a servlet container or a socket: the resources,
 * filters, mappers and writers run as they run for a client, an asynchronous answer included, and
 * the answer's bytes are collected. Works in any container, since it needs nothing of it.
 */
final class InMemoryExchange {
    private static final URI BASE = URI.create("http://localhost/");
    private static final SecurityContext ANONYMOUS = new SecurityContext() {
        @Override
        public @Nullable Principal getUserPrincipal() {
            return null;
        }

        @Override
        public boolean isUserInRole(String role) {
            return false;
        }

        @Override
        public boolean isSecure() {
            return false;
        }

        @Override
        public @Nullable String getAuthenticationScheme() {
            return null;
        }
    };

    /** A whole answer, its body as text. */
    record Answer(int status, String contentType, String body) {}

    private InMemoryExchange() {}

    /**
     * Sends a request, with headers given as name, value, ..., and a JSON body or null; the answer
     * completes once Jersey has written all of it.
     */
    static CompletableFuture<Answer> send(
            ApplicationHandler handler,
            String method,
            String path,
            @Nullable String body,
            PropertiesDelegate properties,
            String... headers) {
        ContainerRequest request = new ContainerRequest(
                BASE, BASE.resolve(path.substring(1)), method, ANONYMOUS, properties, handler.getConfiguration());
        for (int i = 0; i < headers.length; i += 2) {
            request.getHeaders().add(headers[i], headers[i + 1]);
        }
        if (body != null) {
            request.getHeaders().putSingle("Content-Type", "application/json");
            request.setEntityStream(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        }
        Writer writer = new Writer();
        request.setWriter(writer);
        handler.handle(request);
        return writer.done;
    }

    /** Collects the status, the type and the bytes, and completes when Jersey commits. */
    private static final class Writer implements ContainerResponseWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Answer> done = new CompletableFuture<>();
        private volatile @Nullable ContainerResponse response;

        @Override
        public OutputStream writeResponseStatusAndHeaders(long contentLength, ContainerResponse response) {
            this.response = response;
            return bytes;
        }

        @Override
        public boolean suspend(long timeOut, TimeUnit timeUnit, TimeoutHandler timeoutHandler) {
            return true;
        }

        @Override
        public void setSuspendTimeout(long timeOut, TimeUnit timeUnit) {}

        @Override
        public void commit() {
            ContainerResponse committed = response;
            if (committed == null) {
                done.completeExceptionally(new IllegalStateException("Jersey committed no status and headers"));
                return;
            }
            String type = committed.getMediaType() == null
                    ? ""
                    : committed.getMediaType().toString();
            done.complete(new Answer(committed.getStatus(), type, bytes.toString(StandardCharsets.UTF_8)));
        }

        @Override
        public void failure(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public boolean enableResponseBuffering() {
            return false;
        }
    }
}
