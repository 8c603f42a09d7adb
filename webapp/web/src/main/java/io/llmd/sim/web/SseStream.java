package io.llmd.sim.web;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Run;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A streamed answer, whatever its protocol: commits the 200 at once (with what the encoder sends
 * first), waits for the request's place, then at each step writes the encoder's events for the
 * tokens due, with one write and one flush per step; the last step's write carries the end of the
 * stream too. One buffer serves every step. A client that goes away frees its place at the next
 * write.
 */
final class SseStream implements StreamingOutput {
    private final Run run;
    private final StreamEncoder encoder;
    private final ErrorRenderer errors;

    SseStream(Run run, StreamEncoder encoder) {
        this(run, encoder, ErrorRenderers.forPath("/v1"));
    }

    SseStream(Run run, StreamEncoder encoder, ErrorRenderer errors) {
        this.run = run;
        this.encoder = encoder;
        this.errors = errors;
    }

    /**
     * Ends a stream the engine aborted with an error event and {@code [DONE]}, as a stream that
     * fails once started ends; a client gone meanwhile is no error to report.
     */
    private void abortedEvent(OutputStream out) {
        byte[] error = errors.body(503, Responder.aborted().getMessage(), null);
        try {
            out.write("data: ".getBytes(StandardCharsets.US_ASCII));
            out.write(error);
            out.write("\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // The client went away too.
        }
    }

    @Override
    public void write(OutputStream out) {
        boolean finished = false;
        try {
            EventBuffer event = new EventBuffer();
            encoder.start(event);
            if (event.length() > 0) {
                out.write(event.array(), 0, event.length());
            }
            out.flush();
            run.awaitStart();
            Generation generation = run.generation();
            int steps = encoder.steps();
            for (int step = 0; step < steps; step++) {
                run.awaitNextToken();
                event.reset();
                encoder.step(event, step);
                if (step == steps - 1) {
                    encoder.end(event);
                }
                out.write(event.array(), 0, event.length());
                out.flush();
                int tokens = generation.tokensAt(step);
                if (tokens > 0) {
                    run.tokensDelivered(tokens);
                }
            }
            run.finish();
            finished = true;
        } catch (IOException e) {
            // The client went away: a normal end of a stream, not an error to report.
        } catch (InterruptedException e) {
            if (run.isAborted()) {
                // The engine's abort, not a thread interrupt: the stream ends normally after its error event.
                abortedEvent(out);
            } else {
                Thread.currentThread().interrupt();
            }
        } finally {
            if (!finished) {
                run.cancel();
            }
        }
    }
}
