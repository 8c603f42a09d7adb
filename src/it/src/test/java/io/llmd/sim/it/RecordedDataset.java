package io.llmd.sim.it;

import com.sun.net.httpserver.HttpServer;
import io.llmd.sim.core.Vocabulary;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.sqlite.SQLiteDataSource;

/**
 * A small dataset in the Go simulator's shape ({@code --dataset-path}), made for the scenarios:
 * table {@code llmd}, the prompt hashed as its dataset tool hashes it (SHA-256 over the token ids,
 * 4 bytes little-endian each), answers as {@code {"Tokens":[...],"Strings":[...]}}.
 */
final class RecordedDataset {
    /** A prompt given as token ids, answered by {@link #TOKEN_ANSWER}. */
    static final List<Integer> TOKEN_PROMPT = List.of(7, 8, 9);

    static final List<String> TOKEN_ANSWER = List.of(" Recorded", " answer", " one", ".");
    /** A prompt of the sentence bank's words, whose ids the built-in tokenizer fixes at start. */
    static final String TEXT_PROMPT = " Every token here is scheduled, not computed.";

    static final List<String> TEXT_ANSWER = List.of(" A", " recorded", " reply", " to", " text", ".");
    /** The one answer of two tokens or fewer, recorded for a prompt no scenario sends. */
    static final List<String> SHORT_ANSWER = List.of(" Short", " reply");

    private RecordedDataset() {}

    /** Writes the dataset to a new file in a new temporary directory. */
    static Path create() {
        try {
            Path file = Files.createTempDirectory("sim-dataset").resolve("recorded.sqlite3");
            file.toFile().deleteOnExit();
            file.getParent().toFile().deleteOnExit();
            return write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + file);
        try (Connection connection = source.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE llmd (id INTEGER PRIMARY KEY, prompt_hash BLOB NOT NULL,"
                    + " gen_tokens JSON NOT NULL, n_gen_tokens INTEGER NOT NULL)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO llmd (prompt_hash, gen_tokens, n_gen_tokens) VALUES (?, ?, ?)")) {
                insert(insert, TOKEN_PROMPT, TOKEN_ANSWER);
                insert(insert, new Vocabulary().encode(TEXT_PROMPT), TEXT_ANSWER);
                insert(insert, List.of(1, 1, 1), SHORT_ANSWER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    private static void insert(PreparedStatement insert, List<Integer> prompt, List<String> answer)
            throws SQLException {
        insert.setBytes(1, hash(prompt));
        StringBuilder json = new StringBuilder("{\"Tokens\":[");
        for (int i = 0; i < answer.size(); i++) {
            json.append(i == 0 ? "" : ",").append(100 + i);
        }
        json.append("],\"Strings\":[");
        for (int i = 0; i < answer.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(answer.get(i)).append('"');
        }
        insert.setString(2, json.append("]}").toString());
        insert.setInt(3, answer.size());
        insert.executeUpdate();
    }

    private static byte[] hash(List<Integer> tokens) {
        ByteBuffer bytes = ByteBuffer.allocate(tokens.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
        tokens.forEach(bytes::putInt);
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Serves a new dataset at {@code http://127.0.0.1:<port>/recorded.sqlite3} until the JVM ends
     * (404 for any other path), for {@code --dataset-url}.
     */
    static String serve() {
        try {
            byte[] bytes = Files.readAllBytes(create());
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                boolean found = exchange.getRequestURI().getPath().equals("/recorded.sqlite3");
                exchange.sendResponseHeaders(found ? 200 : 404, found ? bytes.length : -1);
                try (OutputStream body = exchange.getResponseBody()) {
                    if (found) {
                        body.write(bytes);
                    }
                }
            });
            server.start();
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/recorded.sqlite3";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A path in a new temporary directory where no file is yet. */
    static Path absentFile() {
        try {
            return Files.createTempDirectory("sim-dataset-download").resolve("downloaded/recorded.sqlite3");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
