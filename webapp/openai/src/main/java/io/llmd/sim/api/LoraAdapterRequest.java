package io.llmd.sim.api;

import io.llmd.sim.core.SimException;

/** {@code POST /v1/load_lora_adapter} and {@code /v1/unload_lora_adapter}. */
public record LoraAdapterRequest(String loraName, String loraPath) {

    /** Checks a load request: both fields are required. */
    public void validateLoad() {
        if (blank(loraName) || blank(loraPath)) {
            throw SimException.badRequest("Both 'lora_name' and 'lora_path' must be provided.", "lora_name");
        }
    }

    /** Checks an unload request: the name is required. */
    public void validateUnload() {
        if (blank(loraName)) {
            throw SimException.badRequest("'lora_name' must be provided.", "lora_name");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
