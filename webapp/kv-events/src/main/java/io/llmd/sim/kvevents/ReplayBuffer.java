package io.llmd.sim.kvevents;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The last published batches, by sequence number, for subscribers that missed some (vLLM's buffer_steps). */
final class ReplayBuffer {
    /** One published batch. */
    @SuppressWarnings("ArrayRecordComponent") // sent as it is, never compared
    record Batch(long seq, byte[] payload) {}

    private final int capacity;
    private final Deque<Batch> batches = new ArrayDeque<>();

    ReplayBuffer(int capacity) {
        this.capacity = capacity;
    }

    void add(long seq, byte[] payload) {
        batches.addLast(new Batch(seq, payload));
        while (batches.size() > capacity) {
            batches.removeFirst();
        }
    }

    /** The batches kept from {@code start} on, in order. */
    List<Batch> from(long start) {
        List<Batch> out = new ArrayList<>();
        for (Batch batch : batches) {
            if (batch.seq() >= start) {
                out.add(batch);
            }
        }
        return out;
    }
}
