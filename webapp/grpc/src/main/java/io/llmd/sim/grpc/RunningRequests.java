package io.llmd.sim.grpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gRPC requests in flight by their client's request id, for {@code Abort}. An id may be in use
 * by several requests at once (vLLM makes its engine's ids unique and aborts every request of a
 * client's id).
 */
final class RunningRequests {
    private final ConcurrentHashMap<String, List<Playback>> byId = new ConcurrentHashMap<>();

    void add(String id, Playback playback) {
        byId.compute(id, (key, list) -> {
            List<Playback> all = list == null ? new ArrayList<>(1) : list;
            all.add(playback);
            return all;
        });
    }

    void remove(String id, Playback playback) {
        byId.computeIfPresent(id, (key, list) -> {
            list.remove(playback);
            return list.isEmpty() ? null : list;
        });
    }

    /** Aborts every request of {@code id}; an id that runs nothing is no error, as in vLLM. */
    void abort(String id) {
        List<Playback> found = new ArrayList<>();
        byId.computeIfPresent(id, (key, list) -> {
            found.addAll(list);
            return list;
        });
        found.forEach(Playback::abort);
    }
}
