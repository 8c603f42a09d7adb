package io.llmd.sim.api;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The image an omni model's chat answer carries in the Go simulator's omni mode: a transparent
 * one-pixel PNG as a {@code data:} URL, in an {@code image_url} content part, after the text.
 */
public final class SyntheticImage {
    /** A 1x1 transparent PNG. */
    static final String DATA_URL = "data:image/png;base64,"
            + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private SyntheticImage() {}

    /** A content part of a message. */
    public record Part(
            String type, @Nullable String text, @Nullable ImageUrl imageUrl) {
        static Part text(String text) {
            return new Part("text", text, null);
        }

        static Part image() {
            return new Part("image_url", null, new ImageUrl(DATA_URL));
        }
    }

    /** Where an image part's image is. */
    public record ImageUrl(String url) {}

    /** The image alone, as a list of content parts: the content of a streamed image chunk. */
    public static List<Part> imageOnly() {
        return List.of(Part.image());
    }

    /** A message's content with the image after it: the text as a part (none for a tool call), then the image. */
    static List<Part> content(@Nullable String text) {
        List<Part> parts = new ArrayList<>();
        if (text != null) {
            parts.add(Part.text(text));
        }
        parts.add(Part.image());
        return List.copyOf(parts);
    }
}
