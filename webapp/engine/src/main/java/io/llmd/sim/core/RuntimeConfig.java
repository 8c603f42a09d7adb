package io.llmd.sim.core;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a running engine, as {@code /admin/config} shows and changes it: every
 * effective setting by flag name with where its value came from, and the settings that may change
 * at run time (the latency model, failure injection, fake metrics). A change is the start-up
 * parse again, over the start-up values with the changes laid on top: the same rules, the same
 * messages; it applies whole or not at all.
 */
public final class RuntimeConfig {
    /** Where a value set through the administration API came from, beside the start-up origins. */
    public static final String ADMIN_ORIGIN = "admin";

    /** The settings that may change at run time (the Go simulator's list); those without a flag here are refused. */
    static final List<String> CONFIGURABLE = List.of(
            "time-to-first-token",
            "time-to-first-token-std-dev",
            "inter-token-latency",
            "inter-token-latency-std-dev",
            "kv-cache-transfer-latency",
            "kv-cache-transfer-latency-std-dev",
            "prefill-overhead",
            "prefill-time-per-token",
            "prefill-time-std-dev",
            "kv-cache-transfer-time-per-token",
            "kv-cache-transfer-time-std-dev",
            "time-to-generate-image",
            "time-to-generate-image-std-dev",
            "time-factor-under-load",
            "latency-calculator",
            "failure-injection-rate",
            "failure-types",
            "image-emission-rate",
            "fake-metrics");

    /** One setting as {@code GET /admin/config} shows it. */
    public record Setting(String value, String origin) {}

    private final ConfigSources sources;
    private final @Nullable String vllmApiKey;
    private final boolean devMode;
    private final Consumer<SimOptions> apply;
    private final Map<Flag, String> changed = new EnumMap<>(Flag.class);
    private SimOptions current;

    /**
     * @param sources    the start-up sources, for their values and origins
     * @param started    the options the engine started with
     * @param vllmApiKey the key {@code VLLM_API_KEY} gave, or null
     * @param devMode    whether {@code VLLM_SERVER_DEV_MODE=1} is set
     * @param apply      puts new options into effect (the engine's latency and failures, the fake metrics)
     */
    public RuntimeConfig(
            ConfigSources sources,
            SimOptions started,
            @Nullable String vllmApiKey,
            boolean devMode,
            Consumer<SimOptions> apply) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.current = Objects.requireNonNull(started, "started");
        this.vllmApiKey = vllmApiKey;
        this.devMode = devMode;
        this.apply = Objects.requireNonNull(apply, "apply");
    }

    /** Every effective setting by flag name, in the start-up log's order, with its origin. */
    public synchronized Map<String, Setting> describe() {
        Map<String, Setting> out = new LinkedHashMap<>();
        current.describe().forEach((name, value) -> {
            Flag flag = Flag.byName(name).orElseThrow();
            String origin = changed.containsKey(flag)
                    ? ADMIN_ORIGIN
                    : sources.origin(flag).label();
            out.put(name, new Setting(value, origin));
        });
        return out;
    }

    /**
     * Changes settings by flag name, each given as its flag's text; validated as at start-up, and
     * applied at once and together, or not at all.
     *
     * @throws SimException BAD_REQUEST naming a setting that may not change at run time, or every
     *                      value refused
     */
    public synchronized Map<String, Setting> update(Map<String, String> changes) {
        Map<Flag, String> next = new EnumMap<>(changed);
        for (Map.Entry<String, String> change : changes.entrySet()) {
            String name = change.getKey();
            Flag flag = Flag.byName(name)
                    .filter(known -> CONFIGURABLE.contains(known.flagName()))
                    .orElseThrow(() -> SimException.badRequest("field '" + name + "' is not admin-configurable", name));
            if (flag == Flag.FAKE_METRICS && current.operations().fakeMetrics() == null) {
                // Fake mode is chosen at start: a replica reporting real metrics keeps doing so.
                throw SimException.badRequest(
                        "the simulator is reporting real metrics; fake metrics cannot be updated", name);
            }
            next.put(flag, Objects.requireNonNull(change.getValue(), name));
        }
        // The time seed the engine drew, before its rank was added (the parse adds it again).
        long seed = current.engine().seed() - Math.max(0, current.operations().dataParallelRank());
        SimOptions updated;
        try {
            updated = ConfigParser.parse(ConfigParser.merge(next, sources.values()), () -> seed, vllmApiKey, devMode);
        } catch (ConfigException e) {
            throw SimException.badRequest(String.valueOf(e.getMessage()), e.flag());
        }
        apply.accept(updated);
        changed.clear();
        changed.putAll(next);
        current = updated;
        return describe();
    }
}
