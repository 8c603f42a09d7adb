package io.llmd.sim.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.llmd.sim.grpc.proto.VllmEngineGrpc;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * What every call passes before it reaches the service: the API key ({@code --api-key}) as the
 * metadata {@code authorization: Bearer KEY}, as the HTTP API asks for it (the health check stays
 * open, as {@code /health} does), and the metadata {@code x-return-error}, the HTTP header
 * that forces a failure, handed to the service in the call's context.
 */
final class CallGuard implements ServerInterceptor {
    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> RETURN_ERROR =
            Metadata.Key.of("x-return-error", Metadata.ASCII_STRING_MARSHALLER);
    /** The forced failure's code, as the call's metadata gave it; null for none. */
    static final Context.Key<String> FORCED_ERROR = Context.key("x-return-error");

    private final byte @Nullable [] expected;

    /** @param apiKey the key clients must present, or null for none */
    CallGuard(@Nullable String apiKey) {
        this.expected = apiKey == null ? null : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        boolean open = VllmEngineGrpc.getHealthCheckMethod()
                .getFullMethodName()
                .equals(call.getMethodDescriptor().getFullMethodName());
        if (!open && !authorized(headers.get(AUTHORIZATION))) {
            call.close(Status.UNAUTHENTICATED.withDescription("Unauthorized"), new Metadata());
            return new ServerCall.Listener<>() {};
        }
        Context context = Context.current().withValue(FORCED_ERROR, headers.get(RETURN_ERROR));
        return Contexts.interceptCall(context, call, headers, next);
    }

    private boolean authorized(@Nullable String header) {
        if (expected == null) {
            return true;
        }
        if (header == null) {
            return false;
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("bearer")) {
            return false;
        }
        // In constant time, as the HTTP filter compares, so that response times tell nothing of the key.
        return MessageDigest.isEqual(expected, value.substring(space + 1).getBytes(StandardCharsets.UTF_8));
    }
}
