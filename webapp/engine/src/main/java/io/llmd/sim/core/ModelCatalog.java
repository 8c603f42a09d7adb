package io.llmd.sim.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The names the simulator answers to: the base model's served names and the LoRA adapters. */
public final class ModelCatalog {
    private final List<String> servedNames;
    private final Map<String, LoraModule> loras = new LinkedHashMap<>();
    /** Each adapter's id: vLLM counts them from 1 as they are loaded, and never hands one out twice. */
    private final Map<String, Integer> ids = new HashMap<>();

    private int lastId;

    public ModelCatalog(SimConfig config) {
        this.servedNames = config.servedModelNames();
        for (LoraModule lora : config.loras()) {
            loras.put(lora.name(), lora);
            ids.put(lora.name(), ++lastId);
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
     * Adds an adapter at run time; it can be used at once.
     *
     * @throws SimException BAD_REQUEST when the name is taken
     */
    public synchronized void add(LoraModule lora) {
        if (servedNames.contains(lora.name()) || loras.containsKey(lora.name())) {
            throw SimException.badRequest(
                    "The lora adapter '" + lora.name() + "' has already been loaded.", "lora_name");
        }
        loras.put(lora.name(), lora);
        ids.put(lora.name(), ++lastId);
    }

    /**
     * Removes an adapter; requests naming it are refused from now on.
     *
     * @throws SimException NOT_FOUND when no adapter has that name
     */
    public synchronized void remove(String name) {
        ids.remove(name);
        if (loras.remove(name) == null) {
            throw new SimException(
                    ErrorKind.NOT_FOUND, "The lora adapter '" + name + "' cannot be found.", "lora_name");
        }
    }

    /**
     * Finds what a request's {@code model} names; no name means the base model, as in vLLM.
     *
     * @throws SimException NOT_FOUND when nothing has that name
     */
    public ModelTarget resolve(@Nullable String model) {
        if (model == null) {
            return new ModelTarget(servedNames.get(0), null);
        }
        if (servedNames.contains(model)) {
            return new ModelTarget(model, null);
        }
        LoraModule lora;
        int id;
        synchronized (this) {
            lora = loras.get(model);
            id = ids.getOrDefault(model, 0);
        }
        if (lora == null) {
            throw SimException.modelNotFound(model);
        }
        return new ModelTarget(model, lora, id);
    }
}
