package io.llmd.sim.it;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;

/** The prefill/decode scenarios against the launcher jar, configured by command-line flags. */
class LauncherDisaggregationIT extends DisaggregationScenarios {
    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(SETTINGS);

    @Override
    URI base() {
        return LAUNCHER.uri();
    }
}
