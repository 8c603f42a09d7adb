package io.llmd.sim.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stalled-client scenario against the WAR deployed in Tomcat 10.1.
 * <p>
 * Quarantined: in about one fresh-clone run in three, one of the 20 streams beside the stalled
 * client never ends in Tomcat, with the pacer off as well as on; the thread dumps show the client
 * reading its started stream and no server thread left for it (the response neither finished nor
 * closed). Two suspected causes were mended without curing it (a live connection missed by one read
 * of the TCP table; a cancelled stream finishing its response on an interrupted thread). The
 * launcher's run of the same scenario (LauncherStallIT) passes; the Tomcat case is open in issue 12.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarStallIT extends StallScenarios {

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of("stall.war", SETTINGS);
    }

    @Override
    URI base() {
        return SimWar.uri(url);
    }
}
