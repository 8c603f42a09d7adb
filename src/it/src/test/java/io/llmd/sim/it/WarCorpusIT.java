package io.llmd.sim.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The corpus against the WAR in Tomcat 10.1, but for what Tomcat's connector answers before the application runs. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarCorpusIT extends CorpusScenarios {

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of("corpus.war", Corpus.SETTINGS);
    }

    @Override
    CorpusTarget target() {
        return new WarTarget(SimWar.uri(url));
    }
}
