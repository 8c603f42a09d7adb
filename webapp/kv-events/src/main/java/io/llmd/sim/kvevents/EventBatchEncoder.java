package io.llmd.sim.kvevents;

import io.llmd.sim.core.KvEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * A batch of KV events in vLLM's MessagePack shape: {@code [ts, [events], data_parallel_rank]},
 * each event tagged with its type, either as an array ({@code ["BlockStored", block_hashes,
 * parent_block_hash, token_ids, block_size, lora_id, medium, lora_name]}, as vLLM wrote them
 * before its PR #42892) or as a map with the tag under {@code type} (as it writes them since).
 * Fields without a default are written even when null, as msgspec does. Block hashes are unsigned
 * 64-bit integers.
 */
final class EventBatchEncoder {
    private static final String MEDIUM = "GPU";

    private final boolean mapFormat;
    private final int dataParallelRank;

    EventBatchEncoder(boolean mapFormat, int dataParallelRank) {
        this.mapFormat = mapFormat;
        this.dataParallelRank = dataParallelRank;
    }

    byte[] encode(double timestamp, List<KvEvent> events) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            packer.packArrayHeader(3);
            packer.packDouble(timestamp);
            packer.packArrayHeader(events.size());
            for (KvEvent event : events) {
                switch (event) {
                    case KvEvent.BlockStored stored -> stored(packer, stored);
                    case KvEvent.BlockRemoved removed -> removed(packer, removed);
                    case KvEvent.AllBlocksCleared cleared -> tag(packer, "AllBlocksCleared", 0);
                }
            }
            packer.packInt(dataParallelRank);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("packing in memory cannot fail", e);
        }
    }

    private void stored(MessagePacker packer, KvEvent.BlockStored event) throws IOException {
        tag(packer, "BlockStored", 7);
        key(packer, "block_hashes");
        hashes(packer, event.blockHashes());
        key(packer, "parent_block_hash");
        if (event.parentBlockHash() == null) {
            packer.packNil();
        } else {
            hash(packer, event.parentBlockHash());
        }
        key(packer, "token_ids");
        packer.packArrayHeader(event.tokenIds().size());
        for (int token : event.tokenIds()) {
            packer.packInt(token);
        }
        key(packer, "block_size");
        packer.packInt(event.blockSize());
        key(packer, "lora_id");
        if (event.loraId() == null) {
            packer.packNil();
        } else {
            packer.packInt(event.loraId());
        }
        key(packer, "medium");
        packer.packString(MEDIUM);
        key(packer, "lora_name");
        if (event.loraName() == null) {
            packer.packNil();
        } else {
            packer.packString(event.loraName());
        }
    }

    private void removed(MessagePacker packer, KvEvent.BlockRemoved event) throws IOException {
        tag(packer, "BlockRemoved", 2);
        key(packer, "block_hashes");
        hashes(packer, event.blockHashes());
        key(packer, "medium");
        packer.packString(MEDIUM);
    }

    /** The event's header and tag: an array's first element, or a map's {@code type}. */
    private void tag(MessagePacker packer, String type, int fields) throws IOException {
        if (mapFormat) {
            packer.packMapHeader(fields + 1);
            packer.packString("type");
        } else {
            packer.packArrayHeader(fields + 1);
        }
        packer.packString(type);
    }

    private void key(MessagePacker packer, String name) throws IOException {
        if (mapFormat) {
            packer.packString(name);
        }
    }

    private static void hashes(MessagePacker packer, List<Long> hashes) throws IOException {
        packer.packArrayHeader(hashes.size());
        for (long hash : hashes) {
            hash(packer, hash);
        }
    }

    /** A hash as the unsigned 64-bit integer it is: Java's negative longs are the values from 2^63 up. */
    private static void hash(MessagePacker packer, long hash) throws IOException {
        if (hash >= 0) {
            packer.packLong(hash);
        } else {
            packer.packBigInteger(new BigInteger(Long.toUnsignedString(hash)));
        }
    }
}
