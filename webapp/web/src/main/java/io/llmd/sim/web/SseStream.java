package io.llmd.sim.web;

import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Run;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A streamed answer: commits the 200 at once, waits for the request's place, then at each step
 * writes one event per choice that has a token, with one write and one flush per step. A client
 * that goes away frees its place at the next write.
 */
final class SseStream implements StreamingOutput {
    private final Run run;
    private final StreamEncoder encoder;
    private final boolean includeUsage;
    private final boolean continuousUsage;

    SseStream(Run run, StreamEncoder encoder, boolean includeUsage, boolean continuousUsage) {
        this.run = run;
        this.encoder = encoder;
        this.includeUsage = includeUsage;
        this.continuousUsage = continuousUsage;
    }

    @Override
    public void write(OutputStream out) {
        boolean finished = false;
        try {
            out.flush();
            run.awaitStart();
            Generation generation = run.generation();
            EventBuffer event = new EventBuffer();
            int steps = encoder.steps();
            int choices = encoder.choiceCount();
            for (int step = 0; step < steps; step++) {
                run.awaitNextToken();
                event.reset();
                int tokens = 0;
                for (int choice = 0; choice < choices; choice++) {
                    if (!encoder.hasEvent(choice, step)) {
                        continue;
                    }
                    boolean token = encoder.hasToken(choice, step);
                    if (token) {
                        tokens++;
                    }
                    // As vLLM: each chunk's usage counts its own choice's tokens so far; the final usage sums them all.
                    encoder.token(event, choice, step, continuousUsage ? (token ? step + 1 : 0) : -1);
                }
                if (step == steps - 1) {
                    if (includeUsage) {
                        encoder.usage(event, generation.completionTokens());
                    }
                    encoder.done(event);
                }
                out.write(event.array(), 0, event.length());
                out.flush();
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
