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
 */
final class QuietWhenClientGone implements WriterInterceptor {
    private static final Logger LOG = Logger.getLogger(QuietWhenClientGone.class.getName());

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        ClosingQuietly out = new ClosingQuietly(context.getOutputStream());
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
        private boolean reported;

        ClosingQuietly(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
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
