package io.llmd.sim.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Where recorded answers come from: the Go simulator's SQLite dataset ({@code --dataset-path}),
 * downloaded first from {@code --dataset-url} when the file is not there yet.
 *
 * @param path      the SQLite file, or null for no dataset (answers are made up)
 * @param url       where to download the file from when it does not exist, or null
 * @param inMemory  whether the table is copied into memory at start
 * @param tableName the table of recorded answers
 */
public record DatasetOptions(
        @Nullable String path, @Nullable String url, boolean inMemory, String tableName) {
    /** No dataset. */
    public static final DatasetOptions NONE = new DatasetOptions(null, null, false, "llmd");

    /** A table name goes into SQL text as it is, so it must be a plain identifier. */
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Whether answers come from a dataset. */
    public boolean enabled() {
        return path != null;
    }

    /** The rules between the dataset flags. */
    static void check(ParsedFlags flags) {
        boolean path = given(flags, Flag.DATASET_PATH);
        if (given(flags, Flag.DATASET_URL) && !path) {
            flags.refuse(Flag.DATASET_URL, "needs --dataset-path, the file to download it to");
        }
        String table = flags.get(Flag.DATASET_TABLE_NAME);
        if (table != null && !IDENTIFIER.matcher(table).matches()) {
            flags.refuse(
                    Flag.DATASET_TABLE_NAME, "must be a table name of letters, digits and '_', not '" + table + "'");
        }
        if (path && flags.valid(Flag.MODE) && flags.get(Flag.MODE) == Mode.ECHO) {
            flags.refuse(Flag.DATASET_PATH, "cannot be used with --mode echo, which answers with the prompt");
        }
    }

    private static boolean given(ParsedFlags flags, Flag flag) {
        String value = flags.given(flag) ? flags.get(flag) : null;
        return value != null && !value.isBlank();
    }

    static DatasetOptions from(ParsedFlags flags) {
        return new DatasetOptions(
                given(flags, Flag.DATASET_PATH) ? flags.<String>get(Flag.DATASET_PATH) : null,
                given(flags, Flag.DATASET_URL) ? flags.<String>get(Flag.DATASET_URL) : null,
                flags.get(Flag.DATASET_IN_MEMORY),
                flags.get(Flag.DATASET_TABLE_NAME));
    }

    /** The effective settings by flag name, for the start-up log. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(Flag.DATASET_PATH.flagName(), path == null ? "none" : path);
        out.put(Flag.DATASET_URL.flagName(), url == null ? "none" : url);
        out.put(Flag.DATASET_IN_MEMORY.flagName(), Boolean.toString(inMemory));
        out.put(Flag.DATASET_TABLE_NAME.flagName(), tableName);
        return out;
    }
}
