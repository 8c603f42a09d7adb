package io.llmd.sim.core;

import org.jspecify.annotations.Nullable;

/**
 * What a request's {@code model} resolved to.
 *
 * @param requestedName the name the client asked for; answers carry it back
 * @param lora          the adapter, or null for the base model
 */
public record ModelTarget(String requestedName, @Nullable LoraModule lora) {

    /** The adapter's name, or null for the base model. */
    public @Nullable String loraName() {
        return lora == null ? null : lora.name();
    }
}
