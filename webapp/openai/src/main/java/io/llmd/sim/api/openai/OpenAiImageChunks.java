package io.llmd.sim.api.openai;

import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.api.SyntheticImage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A chat stream in the Go simulator's omni mode: the stream of {@code delegate}, with one
 * {@code chat.completion.chunk} per choice carrying the image (its {@code modality} is
 * {@code image}) in a step of its own after the last tokens (due when the run has generated
 * the image, {@code Run#generateImage}) and before the usage and {@code [DONE]}. The events are
 * made once, before the stream starts.
 */
public final class OpenAiImageChunks implements StreamEncoder {
    private final StreamEncoder delegate;
    private final byte[] images;

    /**
     * @param choices the choices of the answer, each of which gets its image
     */
    public OpenAiImageChunks(StreamEncoder delegate, String id, long created, String model, int choices) {
        this.delegate = delegate;
        StringBuilder events = new StringBuilder();
        for (int index = 0; index < choices; index++) {
            ImageChunk chunk = new ImageChunk(
                    id,
                    "chat.completion.chunk",
                    created,
                    model,
                    List.of(new ImageChoice(index, new ImageDelta(SyntheticImage.imageOnly()))),
                    "image");
            events.append("data: ")
                    .append(new String(Json.bytes(chunk), StandardCharsets.UTF_8))
                    .append("\n\n");
        }
        this.images = events.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The delegate's steps and one more, the image's, due when the run's image is generated. */
    @Override
    public int steps() {
        return delegate.steps() + 1;
    }

    @Override
    public void start(EventBuffer out) {
        delegate.start(out);
    }

    @Override
    public void step(EventBuffer out, int step) {
        if (step < delegate.steps()) {
            delegate.step(out, step);
        } else {
            out.append(images);
        }
    }

    @Override
    public void end(EventBuffer out) {
        delegate.end(out);
    }

    /** An aborted answer has no image: the model never got to it. */
    @Override
    public boolean aborted(EventBuffer out, int stepsDelivered) {
        return delegate.aborted(out, stepsDelivered);
    }

    /** An answer below its cache-hit threshold has no image either. */
    @Override
    public boolean cacheThreshold(EventBuffer out) {
        return delegate.cacheThreshold(out);
    }

    /** The image's event. */
    public record ImageChunk(
            String id, String object, long created, String model, List<ImageChoice> choices, String modality) {}

    /** One choice's image. */
    public record ImageChoice(int index, ImageDelta delta) {}

    /** The image as the delta's content. */
    public record ImageDelta(List<SyntheticImage.Part> content) {}
}
