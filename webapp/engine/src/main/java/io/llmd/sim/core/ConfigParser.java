package io.llmd.sim.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Turns raw setting strings into a validated {@link SimConfig}. Every source (command line,
 * init-params, environment) yields a map of raw strings by flag; {@link #merge} layers them by
 * precedence and {@link #build} validates the result once.
 */
public final class ConfigParser {
    /** Latencies above an hour are surely a mistake, and would overflow deadline arithmetic far beyond. */
    static final long MAX_LATENCY_MS = 3_600_000;

    private ConfigParser() {
    }

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

    /** Validates raw values into a configuration; the seed defaults to {@code timeSeed}. */
    public static SimConfig build(Map<Flag, String> values, LongSupplier timeSeed) {
        String model = values.get(Flag.MODEL);
        if (model == null || model.isBlank()) {
            throw new ConfigException(Flag.MODEL.flagName(), "is required (the model to simulate)");
        }
        List<String> served = names(values.get(Flag.SERVED_MODEL_NAME));
        if (served.isEmpty()) {
            served = List.of(model);
        }
        List<LoraModule> loras = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(served);
        for (Flag flag : List.of(Flag.LORA, Flag.LORA_MODULES)) {
            for (LoraModule lora : loras(values, flag)) {
                if (!seen.add(lora.name())) {
                    throw new ConfigException(flag.flagName(), "the name '" + lora.name() + "' is used twice");
                }
                loras.add(lora);
            }
        }
        int port = intValue(values, Flag.PORT, 8000, 0, 65535);
        int maxModelLen = intValue(values, Flag.MAX_MODEL_LEN, 1024, 1, Integer.MAX_VALUE);
        Mode mode = parse(values, Flag.MODE, Mode::parse, Mode.RANDOM);
        long seed = values.containsKey(Flag.SEED)
                ? parse(values, Flag.SEED, Long::parseLong, 0L)
                : timeSeed.getAsLong();
        Duration ttft = millis(values, Flag.TIME_TO_FIRST_TOKEN);
        Duration itl = millis(values, Flag.INTER_TOKEN_LATENCY);
        int maxNumSeqs = intValue(values, Flag.MAX_NUM_SEQS, 5, 1, Integer.MAX_VALUE);
        int maxLoras = intValue(values, Flag.MAX_LORAS, 1, 1, Integer.MAX_VALUE);
        int maxCpuLoras = intValue(values, Flag.MAX_CPU_LORAS, maxLoras, 1, Integer.MAX_VALUE);
        if (maxCpuLoras < maxLoras) {
            throw new ConfigException(Flag.MAX_CPU_LORAS.flagName(),
                    "must be at least --max-loras (" + maxLoras + "), not " + maxCpuLoras);
        }
        int maxWaiting = intValue(values, Flag.MAX_WAITING_QUEUE_LENGTH, 1000, 0, Integer.MAX_VALUE);
        int blockSize = intValue(values, Flag.BLOCK_SIZE, 16, 1, 65_536);
        int kvCacheBlocks = intValue(values, Flag.KV_CACHE_SIZE, defaultKvCacheBlocks(maxNumSeqs, maxModelLen, blockSize),
                1, Integer.MAX_VALUE);
        if ((long) kvCacheBlocks * blockSize < maxModelLen) {
            // vLLM refuses to start when one request of the full context cannot fit in the cache.
            throw new ConfigException(Flag.KV_CACHE_SIZE.flagName(), "holds " + (long) kvCacheBlocks * blockSize
                    + " tokens (x --block-size " + blockSize + "), fewer than --max-model-len " + maxModelLen);
        }
        LatencyOptions latency = LatencyOptions.from(values, ttft, itl);
        FailureOptions failures = FailureOptions.from(values);
        KvTransferOptions kvTransfer = KvTransferOptions.from(values);
        return new SimConfig(port, model, served, loras, maxModelLen, mode, seed, ttft, itl,
                maxNumSeqs, maxLoras, maxCpuLoras, maxWaiting, kvCacheBlocks, blockSize, latency, failures, kvTransfer);
    }

    private static List<LoraModule> loras(Map<Flag, String> values, Flag flag) {
        String raw = values.get(flag);
        if (raw == null) {
            return List.of();
        }
        if (flag == Flag.LORA) {
            return names(raw).stream().map(name -> new LoraModule(name, name)).toList();
        }
        try {
            return LoraModulesSyntax.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(flag.flagName(), e.getMessage());
        }
    }

    /** Names separated by commas or white space, blanks dropped, order kept. */
    static List<String> names(String raw) {
        List<String> names = new ArrayList<>();
        if (raw != null) {
            for (String part : raw.split("[,\\s]+")) {
                if (!part.isEmpty() && !names.contains(part)) {
                    names.add(part);
                }
            }
        }
        return names;
    }

    /**
     * Without {@code --kv-cache-size} the cache holds {@code --max-num-seqs} requests of the full
     * context, so that the KV model binds only when asked for; never fewer than the Go simulator's
     * 1,024 blocks.
     */
    static int defaultKvCacheBlocks(int maxNumSeqs, int maxModelLen, int blockSize) {
        long blocksPerRequest = (maxModelLen + (long) blockSize - 1) / blockSize;
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1024, blocksPerRequest * maxNumSeqs));
    }

    private static int intValue(Map<Flag, String> values, Flag flag, int fallback, int min, int max) {
        int value = parse(values, flag, Integer::parseInt, fallback);
        if (value < min || value > max) {
            throw new ConfigException(flag.flagName(), max == Integer.MAX_VALUE
                    ? "must be at least " + min + ", not " + value
                    : "must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    static Duration millis(Map<Flag, String> values, Flag flag) {
        double ms = parse(values, flag, ConfigParser::finiteDouble, 0.0);
        if (ms < 0) {
            throw new ConfigException(flag.flagName(), "must not be negative, not " + values.get(flag));
        }
        if (ms > MAX_LATENCY_MS) {
            throw new ConfigException(flag.flagName(), "must be at most " + MAX_LATENCY_MS + " (one hour), not "
                    + values.get(flag));
        }
        return Duration.ofNanos(Math.round(ms * 1_000_000));
    }

    static double finiteDouble(String raw) {
        double value = Double.parseDouble(raw);
        if (!Double.isFinite(value)) {
            throw new NumberFormatException(raw);
        }
        return value;
    }

    static <T> T parse(Map<Flag, String> values, Flag flag, Function<String, T> parser, T fallback) {
        String raw = values.get(flag);
        if (raw == null) {
            return fallback;
        }
        try {
            return parser.apply(raw.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(flag.flagName(), "'" + raw + "' is not a number");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(flag.flagName(), e.getMessage());
        }
    }
}
