package io.llmd.sim.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;

/** The metrics scenarios against the launcher jar, configured by command-line flags. */
class LauncherMetricsIT extends MetricsScenarios {
    private static LauncherProcess launcher;

    @BeforeAll
    static void start() {
        launcher = LauncherProcess.start(LauncherProcess.flags(SETTINGS));
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    @Override
    URI base() {
        return launcher.uri();
    }
}
