package io.llmd.sim.web;

import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Run;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;

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

    SseStream(Run run, StreamEncoder encoder) {
        this.run = run;
        this.encoder = encoder;
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
            Thread.currentThread().interrupt();
        } finally {
            if (!finished) {
                run.cancel();
            }
        }
    }
}
