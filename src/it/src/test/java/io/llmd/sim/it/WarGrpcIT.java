package io.llmd.sim.it;

import java.net.URI;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The gRPC scenarios against the WAR in Tomcat 10.1 with HTTP/2 (h2c) on its connector, at the root context. */
class WarGrpcIT extends GrpcScenarios {
    @RegisterExtension
    static final H2cTomcatExtension TOMCAT = new H2cTomcatExtension(SETTINGS);

    @Override
    URI base() {
        return TOMCAT.uri();
    }
}
