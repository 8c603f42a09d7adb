package io.llmd.sim.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.llmd.sim.core.DatasetOptions;
import io.llmd.sim.core.RecordedAnswerPicker;
import io.llmd.sim.core.RecordedAnswers;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The Go simulator's dataset read from a SQLite file made here, from disk, from memory and over HTTP. */
class SqliteRecordedAnswersTest {
    private static final int[] PROMPT = {11, 12, 13};

    @TempDir
    Path temp;

    /** A dataset in the Go simulator's shape: its table, column types and gen_tokens JSON. */
    static Path dataset(Path file, String table, String genTokensType) throws SQLException {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, prompt_hash BLOB NOT NULL,"
                    + " gen_tokens " + genTokensType + " NOT NULL, n_gen_tokens INTEGER NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO " + table + " (prompt_hash, gen_tokens, n_gen_tokens) VALUES (?, ?, ?)")) {
                row(insert, PROMPT, "{\"Tokens\":[1,2],\"Strings\":[\" Hello\",\" there\"]}", 2);
                row(insert, PROMPT, "{\"Tokens\":[3],\"Strings\":[\" Hi\"]}", 1);
                row(insert, new int[] {99}, "{\"Tokens\":[4,5,6],\"Strings\":[\" Three\",\" more\",\" tokens\"]}", 3);
            }
        }
        return file;
    }

    private static void row(PreparedStatement insert, int[] prompt, String genTokens, int length) throws SQLException {
        insert.setBytes(1, RecordedAnswerPicker.promptHash(prompt));
        insert.setString(2, genTokens);
        insert.setInt(3, length);
        insert.executeUpdate();
    }

    private static RecordedAnswers open(Path file, boolean inMemory) {
        return factory().open(new DatasetOptions(file.toString(), null, inMemory, "llmd"));
    }

    /** The factory as the web layer finds it. */
    private static RecordedAnswers.Factory factory() {
        return ServiceLoader.load(RecordedAnswers.Factory.class).findFirst().orElseThrow();
    }

    @Test
    void findsTheAnswersOfAPromptAndTheAnswersOfALength() throws SQLException {
        Path file = dataset(temp.resolve("d.sqlite3"), "llmd", "JSON");
        for (boolean inMemory : new boolean[] {false, true}) {
            try (RecordedAnswers answers = open(file, inMemory)) {
                assertThat(answers.forPrompt(RecordedAnswerPicker.promptHash(PROMPT)))
                        .as("in memory: " + inMemory)
                        .containsExactly(
                                "{\"Tokens\":[1,2],\"Strings\":[\" Hello\",\" there\"]}",
                                "{\"Tokens\":[3],\"Strings\":[\" Hi\"]}");
                assertThat(answers.forPrompt(RecordedAnswerPicker.promptHash(new int[] {1})))
                        .isEmpty();
                assertThat(answers.count(-1, false)).isEqualTo(3);
                assertThat(answers.count(2, false)).isEqualTo(2);
                assertThat(answers.count(2, true)).isEqualTo(1);
                assertThat(answers.get(2, true, 0)).contains(" Hello");
                assertThat(answers.get(-1, false, 2)).contains(" Three");
            }
        }
    }

    @Test
    void refusesADatasetNotInTheGoSimulatorsShape() throws SQLException {
        Path missing = temp.resolve("missing.sqlite3");
        assertThatThrownBy(() -> open(missing, false)).hasMessageContaining("does not exist");
        Path otherTable = dataset(temp.resolve("other.sqlite3"), "answers", "JSON");
        assertThatThrownBy(() -> open(otherTable, false)).hasMessageContaining("has no table llmd");
        assertThatThrownBy(() -> open(otherTable, true)).hasMessageContaining("has no table llmd");
        Path wrongType = dataset(temp.resolve("text.sqlite3"), "llmd", "TEXT");
        assertThatThrownBy(() -> open(wrongType, false))
                .hasMessageContaining("column gen_tokens of table llmd is TEXT, not JSON");
    }

    @Test
    void downloadsTheDatasetOnceAndSaysClearlyWhenItCannot() throws Exception {
        byte[] bytes = Files.readAllBytes(dataset(temp.resolve("served.sqlite3"), "llmd", "JSON"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        int[] downloads = {0};
        server.createContext("/d.sqlite3", exchange -> {
            downloads[0]++;
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(bytes);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path target = temp.resolve("sub/dir/d.sqlite3");
            DatasetOptions options = new DatasetOptions(target.toString(), base + "/d.sqlite3", false, "llmd");
            try (RecordedAnswers answers = factory().open(options)) {
                assertThat(answers.count(-1, false)).isEqualTo(3);
            }
            try (RecordedAnswers answers = factory().open(options)) {
                assertThat(answers.count(-1, false)).isEqualTo(3);
            }
            assertThat(downloads[0])
                    .as("a file already there is not downloaded again")
                    .isEqualTo(1);

            Path absent = temp.resolve("absent/d.sqlite3");
            assertThatThrownBy(() -> factory()
                            .open(new DatasetOptions(absent.toString(), base + "/nothing-here", false, "llmd")))
                    .hasMessage("could not download the dataset from --dataset-url " + base + "/nothing-here to "
                            + absent + ": the server answered HTTP 404");
            assertThat(absent).doesNotExist();
            try (var left = Files.list(absent.getParent())) {
                assertThat(left.toList()).as("no partial file left behind").isEmpty();
            }
        } finally {
            server.stop(0);
        }
        Path unreachable = temp.resolve("unreachable.sqlite3");
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> factory()
                        .open(new DatasetOptions(
                                unreachable.toString(), "http://127.0.0.1:" + closedPort + "/d", false, "llmd")))
                .hasMessageStartingWith("could not download the dataset from --dataset-url http://127.0.0.1:"
                        + closedPort + "/d to " + unreachable + ": ConnectException");
        assertThatThrownBy(() -> factory()
                        .open(new DatasetOptions(unreachable.toString(), "ftp://example.com/d", false, "llmd")))
                .hasMessageEndingWith("only http and https URLs are downloaded");
    }

    @Test
    void readsEveryAnswerConcurrently() throws Exception {
        Path file = dataset(temp.resolve("c.sqlite3"), "llmd", "JSON");
        try (RecordedAnswers answers = open(file, false)) {
            List<Thread> threads = new java.util.ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger found = new java.util.concurrent.atomic.AtomicInteger();
            for (int i = 0; i < 8; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int j = 0; j < 50; j++) {
                        found.addAndGet(answers.forPrompt(RecordedAnswerPicker.promptHash(PROMPT))
                                .size());
                    }
                }));
            }
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(found.get()).isEqualTo(8 * 50 * 2);
        }
    }
}
