package io.llmd.sim.it;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http2.Http2Protocol;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built WAR, with the given settings as context parameters, in an embedded Tomcat 10.1 whose
 * connector also speaks HTTP/2 in clear text (its {@code Http2Protocol} upgrade, as a gRPC user
 * configures it), at the root context, where gRPC clients call. Arquillian's embedded Tomcat
 * offers no way to add the upgrade protocol to its connector, hence a Tomcat of its own.
 */
final class H2cTomcatExtension implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private Tomcat tomcat;
    private int port;

    H2cTomcatExtension(Map<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Path base = Files.createTempDirectory("sim-h2c-tomcat");
        Path webapps = Files.createDirectories(base.resolve("webapps"));
        File war = webapps.resolve("ROOT.war").toFile();
        SimWar.of("ROOT.war", settings).as(ZipExporter.class).exportTo(war, true);
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.getHost().setAppBase(webapps.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        connector.addUpgradeProtocol(new Http2Protocol());
        tomcat.setConnector(connector);
        tomcat.addWebapp("", war.getAbsolutePath());
        tomcat.start();
        port = connector.getLocalPort();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }
}
