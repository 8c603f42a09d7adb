package io.llmd.sim.web;

import io.llmd.sim.api.ErrorRenderer;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.NanoClock;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.SimException;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Plays an admitted request out on a virtual thread, so that no container thread waits: either as
 * an SSE stream or, after the whole answer's time, as one JSON body.
 */
final class Responder {
    static final MediaType EVENT_STREAM = MediaType.valueOf("text/event-stream; charset=utf-8");

    private final Executor workers;
    private final @Nullable Pacer pacer;
    private final NanoClock clock;
    private final boolean flushEachEvent;

    /** {@code flushEachEvent}: false where the container sends each write at once (see {@link StreamDelivery}). */
    Responder(Executor workers, @Nullable Pacer pacer, NanoClock clock, boolean flushEachEvent) {
        this.workers = workers;
        this.pacer = pacer;
        this.clock = clock;
        this.flushEachEvent = flushEachEvent;
    }

    void stream(AsyncResponse async, Run run, StreamEncoder encoder) {
        stream(async, run, encoder, ErrorRenderers.forPath("/v1"));
    }

    /** Streams the answer; {@code errors} writes the error event of a stream the engine aborts. */
    void stream(AsyncResponse async, Run run, StreamEncoder encoder, ErrorRenderer errors) {
        dispatch(() -> async.resume(
                Response.ok(new SseStream(run, encoder, errors, pacer, clock, flushEachEvent), EVENT_STREAM)
                        .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                        .build()));
    }

    /** Answers with {@code body} once the last token is due; a request the engine aborts is a 503. */
    void whole(AsyncResponse async, Run run, Supplier<Object> body) {
        whole(async, run, body, null);
    }

    /**
     * Answers with {@code body} of the planned answer once its last token is due (of no token at its
     * start, below its cache-hit threshold: {@link Run#answer()}); a request the
     * engine aborts (a sleep in abort mode) is answered, as vLLM answers it, with {@code body} of
     * what it had by then, ending by {@code abort}.
     */
    void whole(AsyncResponse async, Run run, Function<Generation, Object> body) {
        whole(async, run, () -> body.apply(run.answer()), () -> body.apply(run.abortedAnswer()));
    }

    private void whole(AsyncResponse async, Run run, Supplier<Object> body, @Nullable Supplier<Object> abortedBody) {
        dispatch(() -> {
            boolean finished = false;
            try {
                run.awaitStart();
                run.awaitAnswer();
                byte[] json = Json.bytes(body.get());
                run.finish();
                finished = true;
                async.resume(json(json));
            } catch (InterruptedException e) {
                if (run.isAborted()) {
                    // The engine's abort, not a thread interrupt (an interrupted thread's NIO write closes the
                    // channel). The run ends as aborted in the finally below.
                    async.resume(abortedBody == null ? aborted() : json(Json.bytes(abortedBody.get())));
                } else {
                    // Cancelled (its client went away, or its exchange ended) or the thread interrupted (the server
                    // stops). The interrupt is not kept: the answer goes out on this thread, and Tomcat refuses to
                    // write on an interrupted thread (see SseStream). The thread ends with its task.
                    async.cancel();
                }
            } catch (RuntimeException e) {
                async.resume(e);
            } finally {
                if (!finished) {
                    run.cancel();
                }
            }
        });
    }

    /** Why a request the engine aborted (a sleep in abort mode) ends without its answer. */
    static SimException aborted() {
        return new SimException(
                ErrorKind.UNAVAILABLE, "The request was aborted: the engine was put to sleep (POST /sleep).", null);
    }

    /** A JSON body with its Content-Length set, since Jersey does not buffer to count it. */
    static Response json(byte[] json) {
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, json.length)
                .build();
    }

    /** Hands the task to a virtual thread; a refusal (the server stops) reaches the caller, which frees the run's place. */
    private void dispatch(Runnable task) {
        workers.execute(task);
    }
}
