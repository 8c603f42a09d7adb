package io.llmd.sim.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Eclipse Jetty 12 from its {@code jetty-home} distribution, with a {@code jetty.base} of its own
 * made by {@code start.jar --add-modules=http,ee10-deploy}: the WAR in {@code webapps/} beside a
 * context XML that gives its settings as init parameters. Hot deployment is on (a one-second
 * scan), so removing the two files undeploys the WAR, as an operator would.
 */
final class StandaloneJetty extends StandaloneContainer {

    StandaloneJetty(Path base) {
        super("sim.jetty.home", base);
    }

    @Override
    void install(Map<String, String> settings) throws IOException {
        Files.createDirectories(base);
        Process modules = new ProcessBuilder(
                        java(), "-jar", home.resolve("start.jar").toString(), "--add-modules=http,ee10-deploy")
                .directory(base.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(modules.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!modules.waitFor(60, TimeUnit.SECONDS) || modules.exitValue() != 0) {
                throw new IllegalStateException("jetty.base was not created:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.copy(war(), base.resolve("webapps/" + CONTEXT + ".war"));
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                """);
        xml.append("  <Set name=\"contextPath\">/").append(CONTEXT).append("</Set>\n");
        xml.append("  <Set name=\"war\"><Property name=\"jetty.webapps\" default=\".\"/>/")
                .append(CONTEXT)
                .append(".war</Set>\n");
        settings.forEach((name, value) -> xml.append("  <Call name=\"setInitParameter\"><Arg>")
                .append(xml(name))
                .append("</Arg><Arg>")
                .append(xml(value))
                .append("</Arg></Call>\n"));
        xml.append("</Configure>\n");
        Files.writeString(descriptor(), xml);
    }

    @Override
    List<String> command() {
        return List.of(
                java(),
                "-jar",
                home.resolve("start.jar").toString(),
                "jetty.http.port=" + port,
                "jetty.deploy.scanInterval=1");
    }

    /** Removes the context XML and the WAR, and waits until the WAR has stopped. */
    @Override
    void undeploy() throws IOException {
        Files.delete(descriptor());
        Files.delete(base.resolve("webapps/" + CONTEXT + ".war"));
        awaitLog(line -> line.contains("llm-d-inference-sim stopped"), Duration.ofSeconds(60), "the WAR's stop");
    }

    private Path descriptor() {
        return base.resolve("webapps/" + CONTEXT + ".xml");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
