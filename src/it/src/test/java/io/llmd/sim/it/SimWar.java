package io.llmd.sim.it;

import java.io.File;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The built WAR, unchanged but for a {@code META-INF/context.xml} that gives its settings as
 * context parameters, the way a Tomcat user configures a deployment.
 */
final class SimWar {

    private SimWar() {}

    static WebArchive of(String name, Map<String, String> params) {
        File war = new File(System.getProperty("sim.war", "../../webapp/target/llm-d-inference-sim.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("the WAR is not built: " + war.getAbsolutePath());
        }
        StringBuilder context = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context>\n");
        if (!params.containsKey("warm-up")) {
            // As for the launcher (LauncherProcess.start): the tests that assert timing ask for the warm-up.
            params = new java.util.HashMap<>(params);
            params.put("warm-up", "false");
        }
        params.forEach((key, value) -> context.append("  <Parameter name=\"")
                .append(key)
                .append("\" value=\"")
                .append(value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;"))
                .append("\" override=\"false\"/>\n"));
        context.append("</Context>\n");
        return ShrinkWrap.create(WebArchive.class, name)
                .merge(ShrinkWrap.createFromZipFile(WebArchive.class, war))
                .addAsManifestResource(new StringAsset(context.toString()), "context.xml");
    }

    /** The deployment's root, from the URL Arquillian injects. */
    static URI uri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
