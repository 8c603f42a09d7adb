package io.llmd.sim.launcher;

import io.llmd.sim.core.Flag;
import io.llmd.sim.server.SimServer;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code --data-parallel-size N}, as the Go simulator serves it: N independent engines in one
 * process, rank r on {@code --port + r} (any free port each for {@code --port 0}). Each rank is a
 * server of its own, so each has its own engine (queue, KV cache, LoRA state, random stream from
 * {@code --seed + r}), its own metrics registry and {@code /metrics}, and its own
 * {@code /admin/config} and sleep state. Rank 0 is the launcher's main server; this starts the others.
 */
final class DataParallelRanks implements AutoCloseable {
    private final List<SimServer> ranks;

    private DataParallelRanks(List<SimServer> ranks) {
        this.ranks = ranks;
    }

    /** The flags rank {@code rank} is given: the user's, saying which rank it is. */
    static Map<Flag, String> flags(Map<Flag, String> flags, int rank) {
        Map<Flag, String> ranked = new EnumMap<>(Flag.class);
        ranked.putAll(flags);
        ranked.put(Flag.DATA_PARALLEL_RANK, Integer.toString(rank));
        return ranked;
    }

    /**
     * Starts ranks 1 to {@code size - 1}; if one cannot start, those started are stopped again.
     *
     * @param port rank 0's port, or 0 for any free port for each rank
     */
    static DataParallelRanks startOthers(
            @Nullable String host,
            int port,
            int size,
            Map<Flag, String> flags,
            @Nullable KeyStore keyStore,
            char[] keyPassword)
            throws Exception {
        List<SimServer> started = new ArrayList<>();
        try {
            for (int rank = 1; rank < size; rank++) {
                started.add(
                        SimServer.start(host, port == 0 ? 0 : port + rank, flags(flags, rank), keyStore, keyPassword));
            }
        } catch (Exception e) {
            new DataParallelRanks(started).close();
            throw e;
        }
        return new DataParallelRanks(List.copyOf(started));
    }

    /** The ports of ranks 1 and up, in rank order. */
    List<Integer> ports() {
        return ranks.stream().map(SimServer::port).toList();
    }

    /** Stops every rank, each draining as the main server does. */
    @Override
    public void close() {
        for (SimServer rank : ranks) {
            rank.stop();
        }
    }
}
