package io.llmd.sim.web;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's table of TCP sockets ({@code /proc/net/tcp} and {@code tcp6} on Linux), read for
 * one fact: whether the connection between two ports is still established. A client that closed
 * its end leaves the server's socket in CLOSE_WAIT (or gone, after a reset) long before the
 * server writes to it, and the servlet API has no other way to learn of it.
 */
final class TcpTable {
    static final int ESTABLISHED = 0x01;
    static final List<Path> LINUX = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));

    private final List<Path> files;

    TcpTable(List<Path> files) {
        this.files = files;
    }

    /** Whether this system has such a table to read. */
    boolean available() {
        return files.stream().anyMatch(Files::isReadable);
    }

    /**
     * The state of each connection by {@link #key(int, int)}; where two connections share the
     * ports (two client hosts), an established one wins, so that no live connection reads as closed.
     */
    Map<Long, Integer> states() {
        Map<Long, Integer> states = new HashMap<>();
        for (Path file : files) {
            try {
                parse(Files.readString(file, StandardCharsets.US_ASCII), states);
            } catch (IOException | RuntimeException e) {
                // Unreadable now (no such table, or it changed under us): what was read still counts.
            }
        }
        return states;
    }

    /** A connection's key: the local (server) port and the remote (client) port. */
    static long key(int localPort, int remotePort) {
        return ((long) localPort << 16) | remotePort;
    }

    static void parse(String table, Map<Long, Integer> into) throws IOException {
        try (BufferedReader lines = new BufferedReader(new StringReader(table))) {
            lines.readLine(); // the header
            String line;
            while ((line = lines.readLine()) != null) {
                String[] fields = line.trim().split("\\s+", 5);
                if (fields.length < 4) {
                    continue;
                }
                int local = port(fields[1]);
                int remote = port(fields[2]);
                int state = Integer.parseInt(fields[3], 16);
                if (local < 0 || remote <= 0) {
                    continue;
                }
                into.merge(key(local, remote), state, (a, b) -> a == ESTABLISHED ? a : b);
            }
        }
    }

    /** The port of an {@code ADDRESS:PORT} field in hex, or -1. */
    private static int port(String field) {
        int colon = field.lastIndexOf(':');
        return colon < 0 ? -1 : Integer.parseInt(field.substring(colon + 1), 16);
    }
}
