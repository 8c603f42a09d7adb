package io.llmd.sim.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Sends (empty) response headers before a call that fails before its first message ends: the
 * status then travels in trailers after headers, never in a "trailers-only" response. Tomcat
 * cannot send the latter over HTTP/2 (it ends the stream with an empty DATA frame instead, which
 * gRPC clients read as {@code INTERNAL}), so without this a WAR in Tomcat would turn every refusal
 * into an internal error. Harmless elsewhere: gRPC allows headers before any status.
 */
final class HeadersFirst implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        return next.startCall(new HeadersSent<>(call), headers);
    }

    private static final class HeadersSent<Q, R> extends ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
        private boolean sent;

        HeadersSent(ServerCall<Q, R> call) {
            super(call);
        }

        @Override
        public void sendHeaders(Metadata headers) {
            sent = true;
            super.sendHeaders(headers);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            if (!sent) {
                sendHeaders(new Metadata());
            }
            super.close(status, trailers);
        }
    }
}
