package io.llmd.sim.core;

import java.util.Objects;

/**
 * A LoRA adapter the simulator serves, as vLLM's {@code --lora-modules} names it.
 *
 * @param name the name clients put in {@code model}
 * @param path where vLLM would load it from; reported as {@code root} in {@code /v1/models}
 */
public record LoraModule(String name, String path) {
    public LoraModule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
    }
}
