package io.llmd.sim.web;

import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Run;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed answer: commits the 200 at once, waits for the request's place, then writes one
 * event per token when it falls due, each with one write and one flush. A client that goes away
 * frees its place at the next write.
 */
final class SseStream implements StreamingOutput {
    private final Run run;
    private final StreamEncoder encoder;
    private final boolean includeUsage;

    SseStream(Run run, StreamEncoder encoder, boolean includeUsage) {
        this.run = run;
        this.encoder = encoder;
        this.includeUsage = includeUsage;
    }

    @Override
    public void write(OutputStream out) {
        boolean finished = false;
        try {
            out.flush();
            run.awaitStart();
            Generation generation = run.generation();
            EventBuffer event = new EventBuffer();
            int last = encoder.eventCount() - 1;
            for (int i = 0; i <= last; i++) {
                run.awaitNextToken();
                event.reset();
                if (i < last) {
                    encoder.token(event, i, null);
                } else {
                    encoder.token(event, i, generation.finishReason().value());
                    if (includeUsage) {
                        encoder.usage(event, generation.promptTokens(), generation.completionTokens());
                    }
                    encoder.done(event);
                }
                out.write(event.array(), 0, event.length());
                out.flush();
                if (i < generation.completionTokens()) {
                    run.tokenDelivered();
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
