package io.llmd.sim.api.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingResponseTest {

    @Test
    void hasVllmsShapeWithFloats() throws IOException {
        EmbeddingResponse response = EmbeddingResponse.of(
                "embd-1", 42, "m", List.of(new float[] {0.6f, 0.8f}, new float[] {1f, 0f}), false, 5);
        JsonNode json = Json.mapper().readTree(Json.bytes(response));
        assertThat(json).isEqualTo(Json.mapper().readTree("""
                {"id":"embd-1","object":"list","created":42,"model":"m",
                 "data":[{"index":0,"object":"embedding","embedding":[0.6,0.8]},
                         {"index":1,"object":"embedding","embedding":[1.0,0.0]}],
                 "usage":{"prompt_tokens":5,"total_tokens":5,"completion_tokens":0}}
                """));
    }

    @Test
    void writesBase64AsLittleEndianFloat32s() throws IOException {
        float[] vector = {0.25f, -0.5f, 0.125f};
        EmbeddingResponse response = EmbeddingResponse.of("embd-1", 42, "m", List.of(vector), true, 1);
        String text = Json.mapper()
                .readTree(Json.bytes(response))
                .at("/data/0/embedding")
                .textValue();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.remaining()).isEqualTo(12);
        assertThat(new float[] {bytes.getFloat(), bytes.getFloat(), bytes.getFloat()})
                .containsExactly(vector);
    }
}
