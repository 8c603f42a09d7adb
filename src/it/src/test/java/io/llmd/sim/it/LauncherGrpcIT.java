package io.llmd.sim.it;

import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gRPC scenarios against the launcher jar: gRPC over h2c on the HTTP port. */
class LauncherGrpcIT extends GrpcScenarios {
    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(SETTINGS);

    @Override
    URI base() {
        return LAUNCHER.uri();
    }
}
