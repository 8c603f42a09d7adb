package io.llmd.sim.it;

import java.net.URI;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;

/** The KV-event scenarios against the WAR deployed in Tomcat 10.1, JeroMQ and msgpack-core in its WEB-INF/lib. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarKvEventsIT extends KvEventsScenarios {
    private static final int EVENTS = freePort();
    private static final int REPLAY = freePort();

    @ArquillianResource
    private URL url;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return SimWar.of("kv.war", settings(EVENTS, REPLAY));
    }

    @Override
    URI base() {
        return SimWar.uri(url);
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
