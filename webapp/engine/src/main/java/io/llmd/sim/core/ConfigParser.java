package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns raw setting strings into validated {@link SimOptions}, in one parse. Every source (command
 * line, init-params, environment, YAML file) yields a map of raw strings by flag; {@link #merge}
 * layers them by precedence and {@link #parse} reads each flag with its own {@link FlagValue},
 * checks the rules between flags section by section, and refuses every mistake at once.
 */
public final class ConfigParser {

    private ConfigParser() {}

    /**
     * Reads the flags a lookup knows, by their names and aliases; with {@code environment} the
     * names are turned into environment variable names first.
     */
    public static Map<Flag, String> fromLookup(Function<String, String> lookup, boolean environment) {
        Map<Flag, String> values = new EnumMap<>(Flag.class);
        for (Flag flag : Flag.values()) {
            List<String> names = new ArrayList<>();
            names.add(flag.flagName());
            names.addAll(flag.aliases());
            for (String name : names) {
                String value = lookup.apply(environment ? Flag.environmentName(name) : name);
                if (value != null && !value.isBlank()) {
                    values.put(flag, value.trim());
                    break;
                }
            }
        }
        return values;
    }

    /** Layers sources, the first one winning over the ones after it. */
    @SafeVarargs
    public static Map<Flag, String> merge(Map<Flag, String>... byPrecedence) {
        Map<Flag, String> merged = new EnumMap<>(Flag.class);
        for (int i = byPrecedence.length - 1; i >= 0; i--) {
            merged.putAll(byPrecedence[i]);
        }
        return merged;
    }

    /**
     * Validates raw values into every section of the options.
     *
     * @param values     the raw value of each flag set
     * @param timeSeed   the seed when none is given; read only then
     * @param vllmApiKey the key {@code VLLM_API_KEY} gives, used when no {@code --api-key} is set; null for none
     * @throws ConfigException naming every value refused (see {@link ConfigException#refusals()})
     */
    public static SimOptions parse(Map<Flag, String> values, LongSupplier timeSeed, @Nullable String vllmApiKey) {
        return parse(values, timeSeed, vllmApiKey, false);
    }

    /**
     * {@link #parse(Map, LongSupplier, String)}, with {@code devMode} telling whether
     * {@code VLLM_SERVER_DEV_MODE=1} opens vLLM's development endpoints.
     */
    public static SimOptions parse(
            Map<Flag, String> values, LongSupplier timeSeed, @Nullable String vllmApiKey, boolean devMode) {
        ParsedFlags flags = ParsedFlags.read(values);
        checkEngine(flags);
        LatencyOptions.check(flags);
        KvTransferOptions.check(flags);
        ServerOptions.check(flags);
        ToolCallOptions.check(flags);
        OmniOptions.check(flags);
        OperationsOptions.check(flags);
        KvEventPorts.check(flags);
        TokenizerOptions.check(flags);
        flags.throwIfRefused();
        return new SimOptions(
                engine(flags, timeSeed),
                ServerOptions.from(flags),
                ApiOptions.from(flags, vllmApiKey),
                OperationsOptions.from(flags, devMode),
                TokenizerOptions.from(flags));
    }

    /** The engine's section of {@link #parse}, for callers that need nothing else (every section is checked). */
    public static SimConfig build(Map<Flag, String> values, LongSupplier timeSeed) {
        return parse(values, timeSeed, null).engine();
    }

    /** The rules between the engine's flags. */
    private static void checkEngine(ParsedFlags flags) {
        String model = flags.get(Flag.MODEL);
        if (model == null || model.isBlank()) {
            flags.refuse(Flag.MODEL, "is required (the model to simulate)");
        }
        Set<String> seen = new LinkedHashSet<>(servedModelNames(flags));
        for (Flag flag : List.of(Flag.LORA, Flag.LORA_MODULES)) {
            for (LoraModule lora : loras(flags, flag)) {
                if (!seen.add(lora.name())) {
                    flags.refuse(flag, "the name '" + lora.name() + "' is used twice");
                }
            }
        }
        int maxLoras = flags.get(Flag.MAX_LORAS);
        int maxCpuLoras = maxCpuLoras(flags);
        if (flags.valid(Flag.MAX_LORAS) && maxCpuLoras < maxLoras) {
            flags.refuse(Flag.MAX_CPU_LORAS, "must be at least --max-loras (" + maxLoras + "), not " + maxCpuLoras);
        }
        int maxModelLen = flags.get(Flag.MAX_MODEL_LEN);
        int blockSize = flags.get(Flag.BLOCK_SIZE);
        int kvCacheBlocks = kvCacheBlocks(flags);
        if (flags.valid(Flag.KV_CACHE_SIZE, Flag.BLOCK_SIZE, Flag.MAX_MODEL_LEN, Flag.MAX_NUM_SEQS)
                && (long) kvCacheBlocks * blockSize < maxModelLen) {
            // vLLM refuses to start when one request of the full context cannot fit in the cache.
            flags.refuse(
                    Flag.KV_CACHE_SIZE,
                    "holds " + (long) kvCacheBlocks * blockSize + " tokens (x --block-size " + blockSize
                            + "), fewer than --max-model-len " + maxModelLen);
        }
    }

    /** The engine's section, from flags that passed every check. */
    private static SimConfig engine(ParsedFlags flags, LongSupplier timeSeed) {
        List<LoraModule> loras = new ArrayList<>(loras(flags, Flag.LORA));
        loras.addAll(loras(flags, Flag.LORA_MODULES));
        long seed = flags.given(Flag.SEED) ? flags.<Long>get(Flag.SEED) : timeSeed.getAsLong();
        // Each rank draws its own stream (and ids), reproducible from the one --seed.
        seed += Math.max(0, OperationsOptions.dataParallelRank(flags));
        return new SimConfig(
                flags.get(Flag.MODEL),
                servedModelNames(flags),
                loras,
                flags.get(Flag.MAX_MODEL_LEN),
                flags.get(Flag.MODE),
                seed,
                flags.get(Flag.TIME_TO_FIRST_TOKEN),
                flags.get(Flag.INTER_TOKEN_LATENCY),
                flags.get(Flag.MAX_NUM_SEQS),
                flags.get(Flag.MAX_LORAS),
                maxCpuLoras(flags),
                flags.get(Flag.MAX_WAITING_QUEUE_LENGTH),
                kvCacheBlocks(flags),
                flags.get(Flag.BLOCK_SIZE),
                LatencyOptions.from(flags),
                FailureOptions.from(flags),
                KvTransferOptions.from(flags),
                ToolCallOptions.from(flags),
                OmniOptions.from(flags),
                PrefixCacheOptions.from(flags, System.getenv("PYTHONHASHSEED")));
    }

    /** The served names, or the model's own name without any. */
    private static List<String> servedModelNames(ParsedFlags flags) {
        List<String> served = flags.given(Flag.SERVED_MODEL_NAME) ? flags.get(Flag.SERVED_MODEL_NAME) : List.of();
        String model = flags.get(Flag.MODEL);
        return served.isEmpty() && model != null ? List.of(model) : served;
    }

    /** The adapters a flag names: {@code --lora} names each by its path too. */
    private static List<LoraModule> loras(ParsedFlags flags, Flag flag) {
        if (!flags.given(flag)) {
            return List.of();
        }
        if (flag == Flag.LORA) {
            List<String> names = flags.get(flag);
            return names.stream().map(name -> new LoraModule(name, name)).toList();
        }
        return flags.get(flag);
    }

    /** {@code --max-cpu-loras}, or {@code --max-loras} when it is not given or 0 (the Go simulator's unset). */
    private static int maxCpuLoras(ParsedFlags flags) {
        if (flags.given(Flag.MAX_CPU_LORAS) && flags.<Integer>get(Flag.MAX_CPU_LORAS) > 0) {
            return flags.get(Flag.MAX_CPU_LORAS);
        }
        return flags.get(Flag.MAX_LORAS);
    }

    /**
     * Without {@code --kv-cache-size} the cache holds {@code --max-num-seqs} requests of the full
     * context, so that the KV model binds only when asked for; never fewer blocks than the flag's
     * default (the Go simulator's 1,024).
     */
    private static int kvCacheBlocks(ParsedFlags flags) {
        int blocks = flags.get(Flag.KV_CACHE_SIZE);
        if (flags.given(Flag.KV_CACHE_SIZE)) {
            return blocks;
        }
        int maxModelLen = flags.get(Flag.MAX_MODEL_LEN);
        int blockSize = flags.get(Flag.BLOCK_SIZE);
        int maxNumSeqs = flags.get(Flag.MAX_NUM_SEQS);
        long blocksPerRequest = (maxModelLen + (long) blockSize - 1) / blockSize;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(blocks, blocksPerRequest * maxNumSeqs));
    }
}
