package io.llmd.sim.api;

import static io.llmd.sim.api.Generations.generation;
import static io.llmd.sim.api.Generations.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.api.openai.OpenAiImageChunks;
import io.llmd.sim.api.openai.OpenAiStreamEncoder;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenAiImageChunksTest {

    @Test
    void theImageIsAStepOfItsOwnAfterTheLastTokenAndBeforeTheUsage() {
        Generation generation = generation(3, text(0, FinishReason.STOP, List.of("a", " b")));
        OpenAiStreamEncoder tokens = OpenAiStreamEncoder.chat("id", 1L, "m", generation, true, false);
        OpenAiImageChunks encoder = new OpenAiImageChunks(tokens, "id", 1L, "m", 1);

        assertThat(encoder.steps()).isEqualTo(tokens.steps() + 1);
        EventBuffer out = new EventBuffer();
        encoder.step(out, 1);
        assertThat(out.toString()).contains("\" b\"").doesNotContain("\"modality\":\"image\"");
        out.reset();
        encoder.step(out, 2);
        encoder.end(out);
        String end = out.toString();
        assertThat(end).startsWith("data: {").contains("\"modality\":\"image\"");
        assertThat(end.indexOf("\"modality\":\"image\"")).isLessThan(end.indexOf("\"usage\""));
        assertThat(end).endsWith("data: [DONE]\n\n");
    }
}
