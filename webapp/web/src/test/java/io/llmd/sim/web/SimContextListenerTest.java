package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.Flag;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimContextListenerTest {

    @Test
    void theLaunchersListenerSettingsGivenToAWarAreNamedInOneLine() {
        assertThat(SimContextListener.launcherOnlyWarning(Map.of(
                        Flag.MODEL, "m",
                        Flag.PORT, "9000",
                        Flag.SELF_SIGNED_CERTS, "true",
                        Flag.SSL_KEYFILE, "/k.pem")))
                .isEqualTo("Ignored in a servlet container, whose own connector decides where and how it listens: "
                        + "port, ssl-keyfile, self-signed-certs");
        assertThat(SimContextListener.launcherOnlyWarning(Map.of(Flag.MODEL, "m")))
                .isNull();
    }
}
