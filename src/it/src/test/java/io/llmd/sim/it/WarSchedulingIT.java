package io.llmd.sim.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
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
}
