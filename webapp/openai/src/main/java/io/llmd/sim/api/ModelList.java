package io.llmd.sim.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code GET /v1/models}. */
public record ModelList(String object, List<ModelCard> data) {

    public static ModelList of(List<ModelCard> data) {
        return new ModelList("list", data);
    }

    /** One model or adapter; {@code parent} is null for a base model and the base model's id for a LoRA. */
    public record ModelCard(
            String id,
            String object,
            long created,
            String ownedBy,
            String root,

            @Nullable @JsonInclude(JsonInclude.Include.ALWAYS)
            String parent,

            int maxModelLen,
            List<Object> permission) {

        public static ModelCard of(String id, long created, String root, @Nullable String parent, int maxModelLen) {
            return new ModelCard(id, "model", created, "vllm", root, parent, maxModelLen, List.of());
        }
    }
}
