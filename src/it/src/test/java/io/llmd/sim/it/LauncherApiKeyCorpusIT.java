package io.llmd.sim.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The API-key corpus against the launcher jar started with {@code --api-key}. */
class LauncherApiKeyCorpusIT extends ApiKeyCorpusScenarios {
    private static RestartableLauncher launcher;

    @BeforeAll
    static void start() {
        launcher = new RestartableLauncher(ApiKeyCorpus.SETTINGS);
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
