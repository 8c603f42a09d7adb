package io.llmd.sim.dataset;

import io.llmd.sim.core.DatasetOptions;
import io.llmd.sim.core.RecordedAnswers;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the Go simulator's SQLite dataset, downloading it first when it has a URL and is not there yet. */
public final class SqliteRecordedAnswersFactory implements RecordedAnswers.Factory {
    @Override
    public RecordedAnswers open(DatasetOptions options) {
        String file = options.path();
        if (file == null) {
            throw new IllegalStateException("No --dataset-path to open");
        }
        Path path = Path.of(file);
        String url = options.url();
        if (url != null && !Files.exists(path)) {
            new DatasetDownload(url, path).run();
        }
        return SqliteRecordedAnswers.open(path, options.tableName(), options.inMemory());
    }
}
