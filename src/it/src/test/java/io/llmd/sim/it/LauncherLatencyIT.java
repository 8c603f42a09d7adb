package io.llmd.sim.it;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/** The latency-model scenarios against the launcher jar, configured by command-line flags. */
class LauncherLatencyIT extends LatencyScenarios {
    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(SETTINGS);

    @Override
    URI base() {
        return LAUNCHER.uri();
    }
}
