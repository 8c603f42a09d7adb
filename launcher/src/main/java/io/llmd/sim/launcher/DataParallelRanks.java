package io.llmd.sim.launcher;

import io.llmd.sim.core.Flag;
import io.llmd.sim.server.SimServer;
import io.llmd.sim.web.DeploymentConfig;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
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

    /** The settings rank {@code rank} is given: the user's, with the flag saying which rank it is. */
    static DeploymentConfig config(DeploymentConfig config, int rank) {
        return config.withFlag(Flag.DATA_PARALLEL_RANK, Integer.toString(rank));
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
            DeploymentConfig config,
            @Nullable KeyStore keyStore,
            char[] keyPassword)
            throws Exception {
        List<SimServer> started = new ArrayList<>();
        try {
            for (int rank = 1; rank < size; rank++) {
                started.add(SimServer.start(
                        host, port == 0 ? 0 : port + rank, config(config, rank), keyStore, keyPassword));
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
