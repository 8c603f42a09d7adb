package io.llmd.sim.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's configuration, validated and immutable: what one simulated replica is and does,
 * apart from the server around it. The engine's section of {@link SimOptions}, built by
 * {@link ConfigParser} from every source (command line, init-params, environment, YAML file) or
 * by {@link SimOptions#builder()}.
 *
 * @param model            the base model's name
 * @param servedModelNames names the base model answers to; the first one is reported
 * @param loras            LoRA adapters known at start
 * @param maxModelLen      the model's context length in tokens
 * @param mode             how answers are made up
 * @param seed             seed of every random choice
 * @param timeToFirstToken delay from the start of processing to the first token
 * @param interTokenLatency delay between two tokens
 * @param maxNumSeqs       requests processed at once
 * @param maxLoras         most distinct adapters in one running batch
 * @param maxCpuLoras      most adapters kept loaded
 * @param maxWaitingQueueLength most requests waiting before new ones are refused
 * @param kvCacheBlocks    KV-cache blocks in all
 * @param blockSize        tokens per KV-cache block
 * @param latency          jitter, prefill and slow-down under load of the latency model
 * @param failures         the requests failed on purpose
 * @param kvTransfer       how long a remote prefill's KV cache takes to arrive
 * @param toolCalls        how generated tool calls are shaped
 * @param omni             the generated images of omni mode
 * @param prefixCache      prefix caching: on or off, block hashes, cached tokens in usage
 */
public record SimConfig(
        String model,
        List<String> servedModelNames,
        List<LoraModule> loras,
        int maxModelLen,
        Mode mode,
        long seed,
        Duration timeToFirstToken,
        Duration interTokenLatency,
        int maxNumSeqs,
        int maxLoras,
        int maxCpuLoras,
        int maxWaitingQueueLength,
        int kvCacheBlocks,
        int blockSize,
        LatencyOptions latency,
        FailureOptions failures,
        KvTransferOptions kvTransfer,
        ToolCallOptions toolCalls,
        OmniOptions omni,
        PrefixCacheOptions prefixCache) {

    public SimConfig {
        Objects.requireNonNull(model, "model");
        servedModelNames = List.copyOf(servedModelNames);
        loras = List.copyOf(loras);
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeToFirstToken, "timeToFirstToken");
        Objects.requireNonNull(interTokenLatency, "interTokenLatency");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(failures, "failures");
        Objects.requireNonNull(kvTransfer, "kvTransfer");
        Objects.requireNonNull(toolCalls, "toolCalls");
        Objects.requireNonNull(omni, "omni");
        Objects.requireNonNull(prefixCache, "prefixCache");
        if (servedModelNames.isEmpty()) {
            throw new IllegalArgumentException("servedModelNames must not be empty");
        }
    }

    /** The name the base model is reported under: the first served name. */
    public String reportedModelName() {
        return servedModelNames.get(0);
    }

    /** The effective settings by flag name, in flag order, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.MODEL.flagName(), model);
        out.put(Flag.SERVED_MODEL_NAME.flagName(), String.join(",", servedModelNames));
        out.put(Flag.LORA_MODULES.flagName(), LoraModulesSyntax.show(loras));
        out.put(Flag.MAX_MODEL_LEN.flagName(), Integer.toString(maxModelLen));
        out.put(Flag.MODE.flagName(), mode.flagValue());
        out.put(Flag.SEED.flagName(), Long.toString(seed));
        out.put(Flag.TIME_TO_FIRST_TOKEN.flagName(), millis(timeToFirstToken));
        out.put(Flag.INTER_TOKEN_LATENCY.flagName(), millis(interTokenLatency));
        out.put(Flag.MAX_NUM_SEQS.flagName(), Integer.toString(maxNumSeqs));
        out.put(Flag.MAX_LORAS.flagName(), Integer.toString(maxLoras));
        out.put(Flag.MAX_CPU_LORAS.flagName(), Integer.toString(maxCpuLoras));
        out.put(Flag.MAX_WAITING_QUEUE_LENGTH.flagName(), Integer.toString(maxWaitingQueueLength));
        out.put(Flag.KV_CACHE_SIZE.flagName(), Integer.toString(kvCacheBlocks));
        out.put(Flag.BLOCK_SIZE.flagName(), Integer.toString(blockSize));
        out.putAll(latency.describe());
        out.putAll(failures.describe());
        out.putAll(kvTransfer.describe());
        out.putAll(toolCalls.describe());
        out.putAll(omni.describe());
        out.putAll(prefixCache.describe());
        return out;
    }

    /** One line with every effective setting, as the start-up log prints it. */
    public String summary() {
        StringBuilder line = new StringBuilder();
        describe().forEach((name, value) -> {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append("--").append(name).append('=').append(value);
        });
        return line.toString();
    }

    /**
     * What vLLM logs of its KV cache at start: its size in tokens, and how many requests of the
     * full context it holds at once.
     */
    public String kvCacheCapacity() {
        long tokens = (long) kvCacheBlocks * blockSize;
        long blocksPerRequest = (maxModelLen + (long) blockSize - 1) / blockSize;
        return String.format(
                Locale.ROOT,
                "KV cache size: %,d tokens. Maximum concurrency for %,d tokens per request: %.2fx",
                tokens,
                maxModelLen,
                (double) kvCacheBlocks / blocksPerRequest);
    }

    static String millis(Duration duration) {
        long micros = duration.toNanos() / 1_000;
        return micros % 1_000 == 0 ? Long.toString(micros / 1_000) : Double.toString(micros / 1_000.0);
    }
}
