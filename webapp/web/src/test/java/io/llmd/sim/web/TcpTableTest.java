package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TcpTableTest {
    private static final String HEADER =
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";

    @Test
    void readsEachConnectionsStateByItsPorts() throws IOException {
        Map<Long, Integer> states = new HashMap<>();
        TcpTable.parse(
                HEADER
                        + "   0: 00000000:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1\n"
                        + "   1: 0100007F:1F40 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1\n"
                        + "   2: 0100007F:1F40 0100007F:C351 08 00000000:00000000 00:00000000 00000000     0        0 3 1\n",
                states);

        assertThat(states)
                .containsOnly(
                        Map.entry(TcpTable.key(0x1F40, 0xC350), TcpTable.ESTABLISHED),
                        Map.entry(TcpTable.key(0x1F40, 0xC351), 0x08));
    }

    @Test
    void anEstablishedConnectionWinsOverAnotherWithTheSamePorts() throws IOException {
        Map<Long, Integer> states = new HashMap<>();
        TcpTable.parse(
                HEADER
                        + "   0: 0100007F:1F40 0200007F:C350 06 00000000:00000000 00:00000000 00000000     0        0 0 1\n"
                        + "   1: 0100007F:1F40 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 2 1\n"
                        + "   2: 0100007F:1F40 0300007F:C350 08 00000000:00000000 00:00000000 00000000     0        0 3 1\n",
                states);

        assertThat(states).containsExactly(Map.entry(TcpTable.key(0x1F40, 0xC350), TcpTable.ESTABLISHED));
    }

    @Test
    void readsIpv6TablesAndSkipsWhatItCannotRead(@TempDir Path dir) throws IOException {
        Path tcp6 = dir.resolve("tcp6");
        Files.writeString(
                tcp6,
                HEADER + "   0: 0000000000000000FFFF00000100007F:1F40 "
                        + "0000000000000000FFFF00000100007F:E6FC 08 00000000:00000000 00:00000000 00000000 0 0 0 3\n");
        TcpTable table = new TcpTable(List.of(dir.resolve("missing"), tcp6));

        assertThat(table.available()).isTrue();
        assertThat(table.states()).containsExactly(Map.entry(TcpTable.key(0x1F40, 0xE6FC), 0x08));
        assertThat(new TcpTable(List.of(dir.resolve("missing"))).available()).isFalse();
    }
}
