package io.llmd.sim.web;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * Recognises a failed write as the client having gone away (closed or reset its connection), in
 * any servlet container: an end of the exchange that vLLM does not report, not a server error.
 */
final class ClientGone {

    private ClientGone() {}

    /** Whether {@code failure}, or one of its causes, says the connection to the client is gone. */
    static boolean causedBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            // Jetty's EofException is an EOFException; Tomcat wraps the socket's error in its ClientAbortException.
            if (cause instanceof EOFException
                    || cause instanceof ClosedChannelException
                    || cause.getClass().getSimpleName().equals("ClientAbortException")) {
                return true;
            }
            String message = cause.getMessage();
            if (cause instanceof IOException
                    && message != null
                    && (message.contains("Broken pipe") || message.contains("Connection reset"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }
}
