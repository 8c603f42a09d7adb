package io.llmd.sim.it;

import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The body size limit of the launcher (Jetty), set by its flag. */
class LauncherBodyLimitIT extends BodyLimitScenarios {
    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(SETTINGS);

    @Override
    URI base() {
        return LAUNCHER.uri();
    }
}
