package io.llmd.sim.api.embeddings;

import io.llmd.sim.api.Usage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * vLLM's answer to {@code /v1/embeddings}: {@code {"id":"embd-..","object":"list","created","model",
 * "data":[{"index","object":"embedding","embedding"}],"usage"}}, each embedding a list of floats or,
 * for {@code encoding_format: base64}, the base64 of its float32s in little-endian order (what the
 * OpenAI SDKs decode, and vLLM's native order on the machines it runs on).
 */
public record EmbeddingResponse(String id, String object, long created, String model, List<Data> data, Usage usage) {

    /** One vector: a {@code float[]} or a base64 String. */
    public record Data(int index, String object, Object embedding) {}

    /**
     * The answer for {@code vectors}, one per input in order.
     *
     * @param promptTokens the inputs' tokens, all counted
     */
    public static EmbeddingResponse of(
            String id, long created, String model, List<float[]> vectors, boolean base64, int promptTokens) {
        List<Data> data = new ArrayList<>(vectors.size());
        for (int i = 0; i < vectors.size(); i++) {
            data.add(new Data(i, "embedding", base64 ? base64(vectors.get(i)) : vectors.get(i)));
        }
        return new EmbeddingResponse(id, "list", created, model, data, Usage.of(promptTokens, 0));
    }

    /** The vector's float32s, little-endian, in base64. */
    static String base64(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
