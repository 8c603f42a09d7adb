package io.llmd.sim.it;

import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The first request to a new launcher. */
class LauncherFirstRequestIT extends FirstRequestScenarios {
    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(SETTINGS);

    @Override
    URI base() {
        return LAUNCHER.uri();
    }
}
