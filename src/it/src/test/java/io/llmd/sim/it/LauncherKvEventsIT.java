package io.llmd.sim.it;

import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The KV-event scenarios against the launcher jar, configured by command-line flags. */
class LauncherKvEventsIT extends KvEventsScenarios {
    private static final int EVENTS = freePort();
    private static final int REPLAY = freePort();

    @RegisterExtension
    static final LauncherExtension LAUNCHER = new LauncherExtension(settings(EVENTS, REPLAY));

    @Override
    URI base() {
        return LAUNCHER.uri();
    }

    @Override
    int eventsPort() {
        return EVENTS;
    }

    @Override
    int replayPort() {
        return REPLAY;
    }
}
