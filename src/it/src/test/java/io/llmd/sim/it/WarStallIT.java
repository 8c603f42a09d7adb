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
 * The stalled-client scenario against the WAR deployed in Tomcat 10.1. It once lost a stream here
 * (issue 12): request threads of earlier tests finished their responses on interrupted threads,
 * which Tomcat refuses to write on, and a stream of this test then failed with that same error and
 * was never finished. In a full run it shares the Tomcat with those tests, so it guards that too.
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
