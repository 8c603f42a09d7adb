package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The names the simulator answers to: the base model's served names and the LoRA adapters. */
public final class ModelCatalog {
    private final List<String> servedNames;
    private final Map<String, LoraModule> loras = new LinkedHashMap<>();

    public ModelCatalog(SimConfig config) {
        this.servedNames = config.servedModelNames();
        for (LoraModule lora : config.loras()) {
            loras.put(lora.name(), lora);
        }
    }

    /** The base model's served names; the first is the reported one. */
    public List<String> servedNames() {
        return servedNames;
    }

    /** The adapters, in the order they were configured. */
    public synchronized List<LoraModule> loras() {
        return List.copyOf(loras.values());
    }

    /**
     * Finds what a request's {@code model} names; no name means the base model, as in vLLM.
     *
     * @throws SimException NOT_FOUND when nothing has that name
     */
    public ModelTarget resolve(String model) {
        if (model == null) {
            return new ModelTarget(servedNames.get(0), null);
        }
        if (servedNames.contains(model)) {
            return new ModelTarget(model, null);
        }
        LoraModule lora;
        synchronized (this) {
            lora = loras.get(model);
        }
        if (lora == null) {
            throw SimException.modelNotFound(model);
        }
        return new ModelTarget(model, lora);
    }
}
