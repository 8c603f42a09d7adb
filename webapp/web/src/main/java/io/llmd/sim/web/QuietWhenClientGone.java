package io.llmd.sim.web;

import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.logging.Logger;

/**
 * Writing an answer to a client that has gone away ends the exchange quietly, with one line at
 * FINE, where Jersey would log a SEVERE stack trace of some ninety lines for every such client.
 * The write itself still fails, so that a stream learns of it and frees the request's place at
 * once; only the report changes. Any other failure is left as it is.
 *
 * <p>In a container that sends each write at once ({@code writeThrough}), a flush after the first
 * one (which commits the response through Jersey) is not passed on: it would find nothing to send
 * and still cost a pass through the container's write path, per streamed event.
 */
final class QuietWhenClientGone implements WriterInterceptor {
    private static final Logger LOG = Logger.getLogger(QuietWhenClientGone.class.getName());

    private final boolean writeThrough;

    QuietWhenClientGone(boolean writeThrough) {
        this.writeThrough = writeThrough;
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        ClosingQuietly out = new ClosingQuietly(context.getOutputStream(), writeThrough);
        context.setOutputStream(out);
        try {
            context.proceed();
        } catch (IOException e) {
            out.clientGone(e);
        }
    }

    /**
     * The answer's stream. Jersey closes it after the entity is written and logs a failure to close
     * as SEVERE; closing a connection that the client already dropped fails, and says nothing new.
     */
    private static final class ClosingQuietly extends FilterOutputStream {
        private final boolean writeThrough;
        private boolean reported;
        /** Whether a flush went through: Jersey has committed the response and writes no longer wait in its buffer. */
        private boolean committed;

        ClosingQuietly(OutputStream out, boolean writeThrough) {
            super(out);
            this.writeThrough = writeThrough;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            if (writeThrough && committed) {
                return;
            }
            out.flush();
            committed = true;
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                clientGone(e);
            }
        }

        /** Rethrows {@code e} unless the client went away, which is logged once per answer. */
        void clientGone(IOException e) throws IOException {
            if (!ClientGone.causedBy(e)) {
                throw e;
            }
            if (!reported) {
                reported = true;
                LOG.fine(() -> "The client went away before its answer was written: " + e);
            }
        }
    }
}
