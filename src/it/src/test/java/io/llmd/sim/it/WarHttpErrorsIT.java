package io.llmd.sim.it;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The HTTP error scenarios that the WAR decides, deployed in Tomcat 10.1. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarHttpErrorsIT extends HttpErrorScenarios {

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of("http-errors.war", Map.of("model", MODEL));
    }

    @Override
    URI base() {
        return SimWar.uri(url);
    }
}
