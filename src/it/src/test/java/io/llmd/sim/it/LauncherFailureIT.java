package io.llmd.sim.it;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The failure scenarios against two launcher jars with the same flags. */
class LauncherFailureIT extends FailureScenarios {
    private static LauncherProcess launcher;
    private static LauncherProcess twin;

    @BeforeAll
    static void start() {
        CompletableFuture<LauncherProcess> second =
                CompletableFuture.supplyAsync(() -> LauncherProcess.start(LauncherProcess.flags(SETTINGS)));
        try {
            launcher = LauncherProcess.start(LauncherProcess.flags(SETTINGS));
        } finally {
            twin = second.join();
        }
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
        if (twin != null) {
            twin.close();
        }
    }

    @Override
    URI base() {
        return launcher.uri();
    }

    @Override
    URI twin() {
        return twin.uri();
    }
}
