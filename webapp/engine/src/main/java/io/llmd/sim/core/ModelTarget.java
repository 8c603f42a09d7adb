package io.llmd.sim.core;

import org.jspecify.annotations.Nullable;

/**
 * What a request's {@code model} resolved to.
 *
 * @param requestedName the name the client asked for; answers carry it back
 * @param lora          the adapter, or null for the base model
 * @param loraId        the adapter's id as vLLM numbers them (1, 2, ... in the order they were
 *                      loaded; KV events carry it), 0 for the base model or an adapter never loaded
 */
public record ModelTarget(String requestedName, @Nullable LoraModule lora, int loraId) {

    /** A target without an adapter id. */
    public ModelTarget(String requestedName, @Nullable LoraModule lora) {
        this(requestedName, lora, 0);
    }

    /** The adapter's name, or null for the base model. */
    public @Nullable String loraName() {
        return lora == null ? null : lora.name();
    }
}
