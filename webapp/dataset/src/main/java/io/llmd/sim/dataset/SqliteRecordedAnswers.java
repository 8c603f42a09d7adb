package io.llmd.sim.dataset;

import io.llmd.sim.core.RecordedAnswers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The Go simulator's dataset in SQLite: a table (by default {@code llmd}) with columns
 * {@code id INTEGER}, {@code prompt_hash BLOB}, {@code gen_tokens JSON} and {@code n_gen_tokens INTEGER},
 * checked at start as the Go simulator checks them. Read-only, or copied into an in-memory database.
 * One connection, used by one request at a time.
 */
final class SqliteRecordedAnswers implements RecordedAnswers {
    private static final Logger LOG = Logger.getLogger(SqliteRecordedAnswers.class.getName());
    /** The columns the Go simulator requires, with their declared types. */
    private static final Map<String, String> COLUMNS = columns();

    private final Connection connection;
    private final String table;

    private SqliteRecordedAnswers(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
    }

    private static Map<String, String> columns() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("id", "INTEGER");
        columns.put("prompt_hash", "BLOB");
        columns.put("gen_tokens", "JSON");
        columns.put("n_gen_tokens", "INTEGER");
        return columns;
    }

    /**
     * Opens the dataset at {@code path}; {@code table} is a plain identifier (the options check it).
     *
     * @throws IllegalStateException when the file, the table or a column is not as the dataset's shape requires
     */
    static SqliteRecordedAnswers open(Path path, String table, boolean inMemory) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("the dataset file " + path + " does not exist (--dataset-path)");
        }
        Connection connection = null;
        try {
            // The driver's data source, not DriverManager, which does not see a driver in a web
            // application's class loader.
            SQLiteConfig config = new SQLiteConfig();
            if (inMemory) {
                connection = dataSource(config, "jdbc:sqlite::memory:").getConnection();
                copyIntoMemory(connection, path, table);
            } else {
                config.setReadOnly(true);
                connection = dataSource(config, "jdbc:sqlite:" + path.toAbsolutePath())
                        .getConnection();
            }
            verify(connection, path, table);
            SqliteRecordedAnswers answers = new SqliteRecordedAnswers(connection, table);
            LOG.info("Dataset " + path + ": " + answers.count(-1, false) + " recorded answers in table " + table);
            return answers;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof IllegalStateException problem) {
                throw problem;
            }
            throw new IllegalStateException("the dataset " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static SQLiteDataSource dataSource(SQLiteConfig config, String url) {
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl(url);
        return source;
    }

    /** Copies the table into the in-memory database, with an index on the prompt hash. */
    private static void copyIntoMemory(Connection connection, Path path, String table) throws SQLException {
        long start = System.nanoTime();
        try (PreparedStatement attach = connection.prepareStatement("ATTACH DATABASE ? AS source")) {
            attach.setString(1, path.toAbsolutePath().toString());
            attach.execute();
        }
        verify(connection, path, "source." + table);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + table
                    + " (id INTEGER PRIMARY KEY, prompt_hash BLOB NOT NULL, gen_tokens JSON NOT NULL,"
                    + " n_gen_tokens INTEGER NOT NULL)");
            statement.execute("INSERT INTO " + table
                    + " (id, prompt_hash, gen_tokens, n_gen_tokens)"
                    + " SELECT id, prompt_hash, gen_tokens, n_gen_tokens FROM source." + table);
            statement.execute("CREATE INDEX " + table + "_prompt_hash ON " + table + " (prompt_hash)");
            statement.execute("DETACH DATABASE source");
        }
        LOG.info("Dataset " + path + " copied into memory in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /** Checks the table's columns and their declared types, as the Go simulator does. */
    private static void verify(Connection connection, Path path, String table) throws SQLException {
        int dot = table.indexOf('.');
        String pragma = dot < 0
                ? "PRAGMA table_info(" + table + ")"
                : "PRAGMA " + table.substring(0, dot) + ".table_info(" + table.substring(dot + 1) + ")";
        Map<String, String> found = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet columns = statement.executeQuery(pragma)) {
            while (columns.next()) {
                found.put(columns.getString("name"), columns.getString("type"));
            }
        }
        String name = table.substring(dot + 1);
        if (found.isEmpty()) {
            throw new IllegalStateException(
                    "the dataset " + path + " has no table " + name + " (--dataset-table-name)");
        }
        for (Map.Entry<String, String> column : COLUMNS.entrySet()) {
            String type = found.get(column.getKey());
            if (type == null) {
                throw new IllegalStateException(
                        "the dataset " + path + ": table " + name + " has no column " + column.getKey());
            }
            if (!type.equals(column.getValue())) {
                throw new IllegalStateException("the dataset " + path + ": column " + column.getKey() + " of table "
                        + name + " is " + type + ", not " + column.getValue());
            }
        }
    }

    @Override
    public synchronized List<String> forPrompt(byte[] promptHash) {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT gen_tokens FROM " + table + " WHERE prompt_hash = ? ORDER BY id")) {
            query.setBytes(1, promptHash);
            try (ResultSet rows = query.executeQuery()) {
                List<String> answers = new ArrayList<>();
                while (rows.next()) {
                    answers.add(rows.getString(1));
                }
                return answers;
            }
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    @Override
    public synchronized long count(int length, boolean exact) {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT COUNT(*) FROM " + table + where(length, exact))) {
            bind(query, length);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    @Override
    public synchronized String get(int length, boolean exact, long index) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT gen_tokens FROM " + table + where(length, exact) + " ORDER BY id LIMIT 1 OFFSET ?")) {
            int next = bind(query, length);
            query.setLong(next, index);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("the dataset has no recorded answer " + index + " of that length");
                }
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw unreadable(e);
        }
    }

    private static String where(int length, boolean exact) {
        if (length < 0) {
            return "";
        }
        return exact ? " WHERE n_gen_tokens = ?" : " WHERE n_gen_tokens <= ?";
    }

    /** Binds the length, if the query has one; returns the next parameter's index. */
    private static int bind(PreparedStatement query, int length) throws SQLException {
        if (length < 0) {
            return 1;
        }
        query.setInt(1, length);
        return 2;
    }

    private static IllegalStateException unreadable(SQLException e) {
        return new IllegalStateException("the dataset cannot be read: " + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warning("Closing the dataset failed: " + e.getMessage());
        }
    }
}
