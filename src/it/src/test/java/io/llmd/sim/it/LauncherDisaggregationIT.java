package io.llmd.sim.it;

import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The prefill/decode scenarios against the launcher jar, configured by command-line flags. */
class LauncherDisaggregationIT extends DisaggregationScenarios {
    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(SETTINGS);

    @Override
    URI base() {
        return LAUNCHER.uri();
    }
}
