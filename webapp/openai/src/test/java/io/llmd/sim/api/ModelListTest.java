package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.serialized;
import static io.llmd.sim.api.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmd.sim.api.ModelList.ModelCard;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelListTest {
    private static final String BASE = "meta-llama/Llama-3.1-8B-Instruct";
    private static final ModelList MODELS = ModelList.of(List.of(
            ModelCard.of(BASE, 1_700_000_000L, BASE, null, 1024),
            ModelCard.of("sql-lora", 1_700_000_000L, "/adapters/sql", BASE, 1024)));

    @Test
    void serializesToJson() {
        assertThat(serialized(MODELS)).isEqualTo(tree("model-list.json"));
    }

    @Test
    void writesTheParentOfABaseModelAsNull() {
        String json = new String(Json.bytes(MODELS.data().getFirst()), StandardCharsets.UTF_8);

        assertThat(json).contains("\"parent\":null", "\"owned_by\":\"vllm\"", "\"max_model_len\":1024");
    }

    @Test
    void deserializesFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("model-list.json"), ModelList.class))
                .isEqualTo(MODELS);
    }
}
