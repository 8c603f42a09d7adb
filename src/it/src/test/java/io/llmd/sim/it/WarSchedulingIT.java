package io.llmd.sim.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scheduling scenarios against the WAR deployed in Tomcat 10.1. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarSchedulingIT extends SchedulingScenarios {

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of("scheduling.war", SETTINGS);
    }

    @Override
    URI base() {
        return SimWar.uri(url);
    }

    /**
     * Quarantined in Tomcat: in two of the last three fresh-clone runs of the whole suite (never in
     * this class alone, nor after WarAnthropicIT alone) one of the two open streams ended as
     * "abort" before its first token while its client held it open, so the third request never
     * waited. Neither the client watch nor the exchange's listener aborted it (both log each abort
     * they make, and neither logged); what is left is the stream's own thread ending on a failed
     * write or an interrupt. LauncherSchedulingIT keeps the scenario; open in issue 12.
     */
    @Override
    @Test
    @Disabled("a stream is sometimes aborted before its first token in Tomcat: open bug, see the method comment")
    void aClientThatGoesAwayFreesItsPlace() {}
}
