package io.llmd.sim.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Apache Tomcat 10.1 from its distribution, run as {@code catalina.sh run} with a
 * {@code CATALINA_BASE} of its own: the WAR copied to {@code webapps/}, its settings as context
 * parameters in {@code conf/Catalina/localhost/llm-d-inference-sim.xml}, and Tomcat's manager
 * application (for undeploying and for its leak detector) behind a {@code manager-script} user.
 * The context's {@code unloadDelay} is the WAR's shutdown timeout: Tomcat waits that long for
 * running asynchronous requests (streams) before it stops a context, and then times out the rest.
 */
final class StandaloneTomcat extends StandaloneContainer {
    private static final String USER = "it-manager";
    private static final String PASSWORD = "it-manager-secret";

    StandaloneTomcat(Path base) {
        super("sim.tomcat.home", base);
    }

    @Override
    void install(Map<String, String> settings) throws IOException {
        copyTree(home.resolve("conf"), base.resolve("conf"));
        copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
        for (String dir : List.of("logs", "temp", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        Path serverXml = base.resolve("conf/server.xml");
        String server = Files.readString(serverXml);
        if (!server.contains("port=\"8080\"") || !server.contains("port=\"8005\"")) {
            throw new IllegalStateException("unexpected conf/server.xml in " + home);
        }
        // The HTTP connector on a free port; no shutdown port (SIGTERM stops Tomcat).
        Files.writeString(
                serverXml,
                server.replace("port=\"8080\"", "port=\"" + port + "\"").replace("port=\"8005\"", "port=\"-1\""));
        Path users = base.resolve("conf/tomcat-users.xml");
        Files.writeString(
                users,
                Files.readString(users)
                        .replace(
                                "</tomcat-users>",
                                "  <role rolename=\"manager-script\"/>\n  <user username=\"" + USER + "\" password=\""
                                        + PASSWORD + "\" roles=\"manager-script\"/>\n</tomcat-users>"));

        Files.copy(war(), base.resolve("webapps/" + CONTEXT + ".war"));
        long unloadDelayMillis = Long.parseLong(settings.getOrDefault("shutdown-timeout", "30")) * 1000;
        StringBuilder context = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Context unloadDelay=\"")
                .append(unloadDelayMillis)
                .append("\">\n");
        settings.forEach((name, value) -> context.append("  <Parameter name=\"")
                .append(xml(name))
                .append("\" value=\"")
                .append(xml(value))
                .append("\" override=\"false\"/>\n"));
        context.append("</Context>\n");
        Path descriptor = base.resolve("conf/Catalina/localhost/" + CONTEXT + ".xml");
        Files.createDirectories(descriptor.getParent());
        Files.writeString(descriptor, context);
    }

    @Override
    List<String> command() {
        // catalina.sh run execs the JVM in the foreground: SIGTERM reaches Tomcat itself.
        return List.of("sh", home.resolve("bin/catalina.sh").toString(), "run");
    }

    /** Starts Tomcat with CATALINA_HOME and CATALINA_BASE set. */
    @Override
    void launch(Map<String, String> environment) throws IOException {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("CATALINA_HOME", home.toString());
        env.put("CATALINA_BASE", base.toString());
        super.launch(env);
    }

    /** Undeploys with the manager's text interface, which answers once the context is gone. */
    @Override
    void undeploy() throws Exception {
        String answer = manager("undeploy?path=/" + CONTEXT);
        if (!answer.startsWith("OK")) {
            throw new AssertionError("undeploy failed: " + answer + "\n" + log());
        }
    }

    /** Tomcat's own leak detector: web applications stopped whose class loader is still reachable. */
    String findLeaks() throws Exception {
        return manager("findleaks?statusLine=true").strip();
    }

    private String manager(String command) throws Exception {
        String auth = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/manager/text/" + command))
                            .header("Authorization", "Basic " + auth)
                            .timeout(Duration.ofSeconds(90))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.body();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
