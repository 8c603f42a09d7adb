package io.llmd.sim.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API-key corpus against the WAR in Tomcat 10.1, its key given as a context parameter. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarApiKeyCorpusIT extends ApiKeyCorpusScenarios {

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of("corpus-key.war", ApiKeyCorpus.SETTINGS);
    }

    @Override
    CorpusTarget target() {
        return new WarTarget(SimWar.uri(url));
    }
}
