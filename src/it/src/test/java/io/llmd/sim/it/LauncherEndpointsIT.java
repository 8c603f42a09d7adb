package io.llmd.sim.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The endpoint scenarios against the launcher jar, configured by command-line flags. */
class LauncherEndpointsIT extends EndpointScenarios {
    private static LauncherProcess launcher;

    @BeforeAll
    static void start() {
        List<String> args = new ArrayList<>();
        SETTINGS.forEach((flag, value) -> {
            args.add("--" + flag);
            args.add(value);
        });
        launcher = LauncherProcess.start(args.toArray(String[]::new));
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
