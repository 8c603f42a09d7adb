package io.llmd.sim.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The failure scenarios against two WARs with the same settings, deployed in Tomcat 10.1. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarFailureIT extends FailureScenarios {

    @ArquillianResource
    @OperateOnDeployment("base")
    private URL url;

    @ArquillianResource
    @OperateOnDeployment("twin")
    private URL twinUrl;

    @Deployment(name = "base", testable = false)
    static WebArchive deployment() {
        return SimWar.of("failures.war", SETTINGS);
    }

    @Deployment(name = "twin", testable = false)
    static WebArchive twinDeployment() {
        return SimWar.of("failures-twin.war", SETTINGS);
    }

    @Override
    URI base() {
        return SimWar.uri(url);
    }

    @Override
    URI twin() {
        return SimWar.uri(twinUrl);
    }
}
