package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedSet;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The KV cache's blocks, as vLLM's block pool keeps them: each block is held by the running
 * requests that reference it, or free. With prefix caching, a full prompt block keeps its hash
 * after its requests let go of it, so a later prompt with the same prefix takes it back instead
 * of computing it again; a free block is reused (and its hash evicted) least recently used
 * first, and a request's blocks are freed tail first, so that the end of a prefix goes before its
 * beginning. Blocks held by running requests are never evicted. Not thread-safe: the
 * {@link Scheduler} calls it under its lock, and so are the events it emits.
 */
final class BlockPool {
    /** One block: who holds it, and the hash of the tokens it holds once it is a cached full block. */
    static final class Block {
        private int refs;
        private boolean hashed;
        private long hash;
    }

    private final int capacity;
    private final boolean caching;
    private final @Nullable Consumer<KvEvent> events;
    /** Free blocks, least recently used first. */
    private final SequencedSet<Block> free = new LinkedHashSet<>();
    /** Cached blocks by hash; two requests that compute the same block at once both keep theirs, as in vLLM. */
    private final Map<Long, List<Block>> cached = new HashMap<>();
    /** Blocks made so far: the others are free and never used (made when first taken, so a huge cache costs nothing). */
    private int made;

    /**
     * @param capacity blocks in all
     * @param caching  whether full prompt blocks stay cached (vLLM's {@code --enable-prefix-caching})
     * @param events   told of blocks stored, evicted and cleared, under the scheduler's lock; null when
     *                 no one listens, so that no event is built
     */
    BlockPool(int capacity, boolean caching, @Nullable Consumer<KvEvent> events) {
        this.capacity = capacity;
        this.caching = caching;
        this.events = events;
    }

    boolean caching() {
        return caching;
    }

    /** Blocks no running request holds (cached or not). */
    int freeBlocks() {
        return capacity - made + free.size();
    }

    /** Blocks held by running requests, as vLLM's KV-cache usage counts them. */
    int usedBlocks() {
        return capacity - freeBlocks();
    }

    /**
     * The leading run of a prompt's blocks that are cached now, at most {@code maxBlocks}: the
     * prefix a request starting now need not compute.
     */
    List<Block> hit(@Nullable PromptBlocks prompt, int maxBlocks) {
        List<Block> hit = new ArrayList<>();
        if (!caching || prompt == null) {
            return hit;
        }
        int limit = Math.min(maxBlocks, prompt.blocks());
        for (int i = 0; i < limit; i++) {
            List<Block> same = cached.get(prompt.hash(i));
            if (same == null) {
                break;
            }
            hit.add(same.getFirst());
        }
        return hit;
    }

    /** Free blocks a request that needs {@code needed} blocks in all, {@code hit} of them cached, takes. */
    int toTake(List<Block> hit, int needed) {
        int take = needed - hit.size();
        for (Block block : hit) {
            if (block.refs == 0) {
                take++;
            }
        }
        return take;
    }

    /**
     * Takes a starting request's blocks: the cached ones of its hit, then {@code fresh} new ones;
     * the full blocks among the new ones become cached, up to {@code fullBlocks} (the blocks its
     * computed tokens fill). The caller checked that {@link #toTake} fits.
     *
     * @return the blocks the request holds, in token order
     */
    List<Block> start(@Nullable PromptBlocks prompt, List<Block> hit, int fresh, int fullBlocks) {
        List<Block> held = new ArrayList<>(hit.size() + fresh);
        for (Block block : hit) {
            if (block.refs++ == 0) {
                free.remove(block);
            }
            held.add(block);
        }
        held.addAll(allocate(fresh));
        if (caching && prompt != null) {
            cache(prompt, held, hit.size(), Math.min(Math.min(held.size(), prompt.blocks()), fullBlocks));
        }
        return held;
    }

    /**
     * A running request's blocks {@code from} (inclusive) to {@code to} (exclusive) are full and
     * computed now (its generated tokens filled them): they become cached, as vLLM caches a
     * decoding request's blocks, and are announced in one {@code BlockStored}. Blocks past the
     * request's known tokens are left alone.
     */
    void cacheComputed(@Nullable PromptBlocks tokens, List<Block> held, int from, int to) {
        if (caching && tokens != null) {
            cache(tokens, held, from, Math.min(Math.min(held.size(), tokens.blocks()), to));
        }
    }

    /** New blocks, not cached: the least recently used free ones, their hashes evicted. */
    List<Block> allocate(int count) {
        List<Block> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Block block;
            if (made < capacity) {
                // Blocks never used come first, as they head vLLM's free queue until taken.
                block = new Block();
                made++;
            } else {
                block = free.removeFirst();
                evict(block);
            }
            block.refs = 1;
            blocks.add(block);
        }
        return blocks;
    }

    /** A request lets go of its blocks, tail first, so that its prefix's end is evicted before its beginning. */
    void release(List<Block> held) {
        for (int i = held.size() - 1; i >= 0; i--) {
            Block block = held.get(i);
            if (--block.refs == 0) {
                free.addLast(block);
            }
        }
    }

    /** Forgets every cached hash (vLLM's reset of the prefix cache); blocks stay with their holders. */
    void clear() {
        if (!caching) {
            return;
        }
        cached.values().forEach(blocks -> blocks.forEach(block -> block.hashed = false));
        cached.clear();
        if (events != null) {
            events.accept(new KvEvent.AllBlocksCleared());
        }
    }

    private void cache(PromptBlocks prompt, List<Block> held, int from, int to) {
        if (from >= to) {
            return;
        }
        for (int i = from; i < to; i++) {
            Block block = held.get(i);
            long hash = prompt.hash(i);
            block.hashed = true;
            block.hash = hash;
            cached.computeIfAbsent(hash, h -> new ArrayList<>(1)).add(block);
        }
        if (events == null) {
            return;
        }
        List<Long> hashes = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            hashes.add(prompt.hash(i));
        }
        List<Integer> tokens = new ArrayList<>((to - from) * prompt.blockSize());
        for (int token : prompt.tokensOf(from, to)) {
            tokens.add(token);
        }
        Long parent = from == 0 ? null : prompt.hash(from - 1);
        events.accept(new KvEvent.BlockStored(
                hashes,
                parent,
                tokens,
                prompt.blockSize(),
                prompt.lora(),
                prompt.lora() == null ? null : prompt.loraId()));
    }

    private void evict(Block block) {
        if (!block.hashed) {
            return;
        }
        block.hashed = false;
        List<Block> same = cached.get(block.hash);
        if (same != null) {
            same.remove(block);
            if (same.isEmpty()) {
                cached.remove(block.hash);
            }
        }
        if (events != null) {
            events.accept(new KvEvent.BlockRemoved(List.of(block.hash)));
        }
    }
}
