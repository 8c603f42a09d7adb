package io.llmd.sim.web;

import io.llmd.sim.core.ApiOptions;
import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.Simulator;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.spi.ContainerResponseWriter;

/**
 * The Jersey application around a real simulator, called without a servlet container or a
 * socket: what the resources, filters and mappers answer, bytes included.
 */
final class InMemorySim implements AutoCloseable {
    private static final URI BASE = URI.create("http://localhost/");
    private static final SecurityContext ANONYMOUS = new SecurityContext() {
        @Override
        public Principal getUserPrincipal() {
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
        public String getAuthenticationScheme() {
            return null;
        }
    };

    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final ApplicationHandler handler;
    private volatile MapPropertiesDelegate lastProperties;

    InMemorySim(String... args) {
        this(HeapWatch.ofThisJvm(), args);
    }

    /** With the given view of the heap (one that is short, say). */
    InMemorySim(HeapWatch heap, String... args) {
        Simulator simulator = new Simulator(
                ConfigParser.build(CommandLine.parse(args).values(), () -> 7L), NanoClock.SYSTEM, java.util.List.of());
        handler = new ApplicationHandler(new SimApplication(
                simulator,
                workers,
                new ApiOptions(null, false),
                new ClientWatch(new TcpTable(java.util.List.of())),
                heap));
    }

    /** A whole answer. */
    record Reply(int status, String contentType, String body) {}

    Reply get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    Reply post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    /** Sends a request with headers given as name, value, ...; waits for the whole answer. */
    Reply send(String method, String path, String body, String... headers) {
        lastProperties = new MapPropertiesDelegate();
        ContainerRequest request = new ContainerRequest(
                BASE, BASE.resolve(path.substring(1)), method, ANONYMOUS, lastProperties, handler.getConfiguration());
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
        try {
            return writer.done.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " got no answer", e);
        }
    }

    /** A property the last request was given while it was served (a servlet container keeps them as attributes). */
    Object property(String name) {
        return lastProperties.getProperty(name);
    }

    @Override
    public void close() {
        workers.close();
    }

    /** Collects the status, the type and the bytes, and completes when Jersey commits. */
    private static final class Writer implements ContainerResponseWriter {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Reply> done = new CompletableFuture<>();
        private volatile ContainerResponse response;

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
            String type = response.getMediaType() == null
                    ? ""
                    : response.getMediaType().toString();
            done.complete(new Reply(response.getStatus(), type, bytes.toString(StandardCharsets.UTF_8)));
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
