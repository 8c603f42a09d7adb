package io.llmd.sim.it;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The operations scenarios against the launcher jar. */
class LauncherOperationsIT extends OperationsScenarios {
    private static LauncherProcess launcher;

    @BeforeAll
    static void start() {
        launcher = LauncherProcess.start(LauncherProcess.environment(SETTINGS), LauncherProcess.flags(SETTINGS));
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
    }

    @Override
    URI base() {
        return launcher.uri();
    }
}
