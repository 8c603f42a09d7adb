package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.stream.IntStream;

/**
 * The ports of data-parallel ranks' KV-event endpoints: each rank's publisher offsets the
 * configured endpoints by its rank, as vLLM's does, and no two sockets of one process may bind the
 * same port.
 */
final class KvEventPorts {
    private KvEventPorts() {}

    /**
     * The rule between the events' endpoints and the ranks: each rank's endpoints can be offset
     * ({@link #forRank}), and no port this process binds is bound twice: the HTTP ports of the
     * ranks it serves ({@code --port + r} with {@code --data-parallel-size}, {@code --port} alone
     * with {@code --data-parallel-rank}), their bound PUB endpoints and their replay endpoints.
     * A PUB endpoint that connects binds nothing here.
     */
    static void check(ParsedFlags flags) {
        if (!flags.valid(
                Flag.KV_EVENTS_CONFIG,
                Flag.ZMQ_ENDPOINT,
                Flag.KV_EVENTS_REPLAY_ENDPOINT,
                Flag.ENABLE_KVCACHE,
                Flag.PORT,
                Flag.DATA_PARALLEL_SIZE,
                Flag.DATA_PARALLEL_RANK)) {
            return;
        }
        KvEventsOptions.Endpoints base = KvEventsOptions.endpoints(flags);
        if (!base.enabled()) {
            return;
        }
        int size = flags.get(Flag.DATA_PARALLEL_SIZE);
        boolean rankMode = flags.given(Flag.DATA_PARALLEL_RANK);
        List<Integer> ranks = rankMode
                ? List.of(flags.<Integer>get(Flag.DATA_PARALLEL_RANK))
                : IntStream.range(0, size).boxed().toList();
        boolean ranked = rankMode || size > 1;
        int port = flags.get(Flag.PORT);
        Map<Integer, String> bound = new LinkedHashMap<>();
        if (port != 0) {
            for (int rank : ranks) {
                int http = rankMode ? port : port + rank;
                bound.put(http, ranked && !rankMode ? "the HTTP port of rank " + rank : "the HTTP port (--port)");
            }
        }
        for (int rank : ranks) {
            String suffix = ranked ? " of data-parallel rank " + rank : "";
            String endpoint;
            String replay;
            try {
                endpoint = forRank(base.endpoint(), rank);
            } catch (IllegalArgumentException e) {
                flags.refuse(base.endpointFlag(), Objects.requireNonNullElse(e.getMessage(), "cannot be offset"));
                return;
            }
            try {
                replay = base.replay() == null ? null : forRank(base.replay(), rank);
            } catch (IllegalArgumentException e) {
                flags.refuse(base.replayFlag(), Objects.requireNonNullElse(e.getMessage(), "cannot be offset"));
                return;
            }
            if (KvEventsOptions.binds(endpoint)
                    && !claim(
                            bound,
                            endpoint,
                            "the KV-event endpoint " + endpoint + suffix,
                            base.endpointFlag(),
                            flags)) {
                return;
            }
            if (replay != null
                    && !claim(bound, replay, "the replay endpoint " + replay + suffix, base.replayFlag(), flags)) {
                return;
            }
        }
    }

    /** Claims the endpoint's TCP port for {@code what}; refuses {@code flag} if it is claimed already. */
    private static boolean claim(
            Map<Integer, String> bound, String endpoint, String what, Flag flag, ParsedFlags flags) {
        OptionalInt port = tcpPort(endpoint);
        if (port.isEmpty()) {
            return true;
        }
        String taken = bound.putIfAbsent(port.getAsInt(), what);
        if (taken != null) {
            flags.refuse(flag, what + " takes port " + port.getAsInt() + ", which is " + taken);
            return false;
        }
        return true;
    }

    /** The port of a {@code tcp://} endpoint: the integer after its last colon; empty for none. */
    static OptionalInt tcpPort(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        if (!endpoint.startsWith("tcp://") || colon < "tcp://".length()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(endpoint.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /**
     * The endpoint data-parallel rank {@code rank} publishes on, by vLLM's rule: rank 0's is the one
     * configured; another rank's {@code tcp://} endpoint has its port (the integer after the last
     * colon) plus the rank, an {@code inproc://} one has {@code _dp<rank>} appended.
     *
     * @throws IllegalArgumentException for another rank and any other endpoint (vLLM refuses it
     *                                  too), or a {@code tcp://} endpoint without a port
     */
    static String forRank(String endpoint, int rank) {
        if (rank == 0) {
            return endpoint;
        }
        if (endpoint.startsWith("inproc://")) {
            return endpoint + "_dp" + rank;
        }
        if (!endpoint.startsWith("tcp://")) {
            throw new IllegalArgumentException("the endpoint " + endpoint + " cannot be offset for data-parallel rank "
                    + rank + " (vLLM offsets tcp:// ports and inproc:// names only)");
        }
        OptionalInt port = tcpPort(endpoint);
        if (port.isEmpty()) {
            throw new IllegalArgumentException(
                    "the endpoint " + endpoint + " has no port to offset for data-parallel rank " + rank);
        }
        int offset = port.getAsInt() + rank;
        if (offset > 65_535) {
            throw new IllegalArgumentException(
                    "the endpoint " + endpoint + " offset for data-parallel rank " + rank + " goes beyond port 65535");
        }
        return endpoint.substring(0, endpoint.lastIndexOf(':') + 1) + offset;
    }
}
