package io.llmd.sim.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The corpus against the launcher jar: everything, the HTTP server's own answers included. */
class LauncherCorpusIT extends CorpusScenarios {
    private static RestartableLauncher launcher;

    @BeforeAll
    static void start() {
        launcher = new RestartableLauncher(Corpus.SETTINGS);
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    @Override
    CorpusTarget target() {
        return launcher;
    }
}
