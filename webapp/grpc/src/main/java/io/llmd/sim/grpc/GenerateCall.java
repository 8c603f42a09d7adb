package io.llmd.sim.grpc;

import io.grpc.stub.StreamObserver;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.Vocabulary;
import io.llmd.sim.grpc.proto.GenerateComplete;
import io.llmd.sim.grpc.proto.GenerateResponse;
import io.llmd.sim.grpc.proto.GenerateStreamChunk;
import java.util.List;

/**
 * One {@code Generate} played out in time, as vLLM's servicer answers it: streamed, one chunk per
 * step with that step's token ids (a delta, and its count), then a complete message that repeats
 * the last step's ids with the finish reason; not streamed, one complete message with every id once
 * the last token is due. An aborted request ends normally, with finish reason {@code abort} (after
 * an empty chunk when it streams), as vLLM's engine ends an aborted request's output.
 */
final class GenerateCall {
    private final boolean stream;
    private final Playback playback;
    private final StreamObserver<GenerateResponse> out;
    private final int[] ids;
    private final String finishReason;

    GenerateCall(boolean stream, Playback playback, Vocabulary vocabulary, StreamObserver<GenerateResponse> out) {
        this.stream = stream;
        this.playback = playback;
        this.out = out;
        Choice choice = playback.run().generation().first();
        List<String> tokens = choice.tokens();
        this.ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.id(tokens.get(i));
        }
        // vLLM's engine knows stop, length and abort: anything else that ends an answer is a stop.
        this.finishReason = choice.finishReason() == FinishReason.LENGTH ? "length" : "stop";
    }

    Playback playback() {
        return playback;
    }

    /** Runs on the request's own thread until the answer ends. */
    void play() {
        Run run = playback.run();
        if (!playback.attach()) {
            if (playback.aborted()) {
                endAborted(0);
            }
            return;
        }
        int delivered = 0;
        try {
            run.awaitStart();
            for (int step = 0; step < ids.length; step++) {
                int index = run.awaitNextToken();
                run.tokensDelivered(1);
                delivered = index + 1;
                if (stream) {
                    out.onNext(chunk(index, delivered));
                }
            }
            if (ids.length == 0) {
                run.awaitAnswer();
            }
        } catch (InterruptedException e) {
            if (playback.detach()) {
                endAborted(delivered);
            }
            return;
        }
        if (playback.detach()) {
            endAborted(delivered);
            return;
        }
        run.finish();
        Generation generation = run.generation();
        int from = stream ? Math.max(0, ids.length - 1) : 0;
        GenerateComplete.Builder complete = GenerateComplete.newBuilder()
                .setFinishReason(finishReason)
                .setPromptTokens(generation.promptTokens())
                .setCachedTokens(run.cachedTokens())
                .setCompletionTokens(ids.length - from);
        for (int i = from; i < ids.length; i++) {
            complete.addOutputIds(ids[i]);
        }
        out.onNext(GenerateResponse.newBuilder().setComplete(complete).build());
        out.onCompleted();
    }

    private GenerateResponse chunk(int from, int to) {
        GenerateStreamChunk.Builder chunk = GenerateStreamChunk.newBuilder()
                .setPromptTokens(playback.run().generation().promptTokens())
                .setCompletionTokens(to - from)
                .setCachedTokens(playback.run().cachedTokens());
        for (int i = from; i < to; i++) {
            chunk.addTokenIds(ids[i]);
        }
        return GenerateResponse.newBuilder().setChunk(chunk).build();
    }

    /** Ends an aborted request: what it had delivered when not streamed, nothing more when streamed. */
    private void endAborted(int delivered) {
        Run run = playback.run();
        if (stream) {
            out.onNext(chunk(delivered, delivered));
        }
        GenerateComplete.Builder complete = GenerateComplete.newBuilder()
                .setFinishReason("abort")
                .setPromptTokens(run.generation().promptTokens())
                .setCachedTokens(run.cachedTokens())
                .setCompletionTokens(stream ? 0 : delivered);
        if (!stream) {
            for (int i = 0; i < delivered; i++) {
                complete.addOutputIds(ids[i]);
            }
        }
        out.onNext(GenerateResponse.newBuilder().setComplete(complete).build());
        out.onCompleted();
    }
}
