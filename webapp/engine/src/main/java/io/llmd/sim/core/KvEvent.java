package io.llmd.sim.core;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the prefix cache tells KV-event publishers, as vLLM's {@code kv_events} module names it:
 * blocks whose hashes became known, blocks evicted, and the whole cache dropped.
 */
public sealed interface KvEvent {

    /**
     * Full blocks cached, in prompt order.
     *
     * @param blockHashes     the blocks' hashes
     * @param parentBlockHash the hash of the block before the first, or null for a prompt's first block
     * @param tokenIds        the blocks' tokens, {@code blockSize} per block
     * @param blockSize       tokens per block
     * @param loraName        the adapter, or null for the base model
     * @param loraId          the adapter's id (vLLM's {@code lora_int_id}), or null for the base model
     */
    record BlockStored(
            List<Long> blockHashes,
            @Nullable Long parentBlockHash,
            List<Integer> tokenIds,
            int blockSize,
            @Nullable String loraName,
            @Nullable Integer loraId)
            implements KvEvent {
        public BlockStored {
            blockHashes = List.copyOf(blockHashes);
            tokenIds = List.copyOf(tokenIds);
        }

        /** Blocks stored without an adapter id. */
        public BlockStored(
                List<Long> blockHashes,
                @Nullable Long parentBlockHash,
                List<Integer> tokenIds,
                int blockSize,
                @Nullable String loraName) {
            this(blockHashes, parentBlockHash, tokenIds, blockSize, loraName, null);
        }
    }

    /** Cached blocks evicted to make room. */
    record BlockRemoved(List<Long> blockHashes) implements KvEvent {
        public BlockRemoved {
            blockHashes = List.copyOf(blockHashes);
        }
    }

    /** Every cached block dropped at once. */
    record AllBlocksCleared() implements KvEvent {}
}
