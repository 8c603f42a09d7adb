package io.llmd.sim.web;

import io.llmd.sim.core.DatasetOptions;
import io.llmd.sim.core.RecordedAnswers;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Opens the recorded answers the settings name ({@code --dataset-path}). The SQLite reader lives in
 * its own jar (llm-d-inference-sim-dataset, with the JDBC driver), found through
 * {@link ServiceLoader}, so that neither the engine nor this layer needs JDBC: a deployment
 * without it runs, and refuses to start only when a dataset is asked for.
 */
final class DatasetWiring {
    private static final Logger LOG = Logger.getLogger(DatasetWiring.class.getName());

    private DatasetWiring() {}

    /**
     * @return the store, or null without a dataset
     * @throws IllegalStateException when the dataset cannot be opened (download, file, table), or no reader is deployed
     */
    static @Nullable RecordedAnswers open(DatasetOptions dataset) {
        if (!dataset.enabled()) {
            return null;
        }
        RecordedAnswers.Factory factory = ServiceLoader.load(
                        RecordedAnswers.Factory.class, DatasetWiring.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "--dataset-path is set, but the llm-d-inference-sim-dataset jar is not deployed"));
        RecordedAnswers answers = factory.open(dataset);
        LOG.info("Answers come from the recorded dataset " + dataset.path() + " (table " + dataset.tableName()
                + (dataset.inMemory() ? ", copied into memory)" : ")"));
        return answers;
    }
}
