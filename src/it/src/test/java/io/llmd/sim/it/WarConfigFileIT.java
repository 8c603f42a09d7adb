package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A WAR whose {@code config} init-param names a YAML file: the file's settings apply, init-params
 * win over them, and the start-up log says where each value came from. (Deployed on demand, so
 * that the test hears the start-up log; Tomcat runs in this JVM and logs through the JDK's logging.)
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class WarConfigFileIT {
    private static final String NAME = "config-file";
    private static Path file;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = NAME, managed = false, testable = false)
    static WebArchive deployment() {
        try {
            file = Files.createTempFile("sim-war-config", ".yaml");
            Files.writeString(file, """
                    model: war-yaml-model
                    served-model-name: [war-a, war-b]
                    max-model-len: 2048
                    mode: echo
                    lora-modules:
                      - name: war-lora
                        path: /adapters/war-lora
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return SimWar.of(NAME + ".war", Map.of("config", file.toString(), "max-model-len", "4096"));
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @Test
    void theFileTheConfigParamNamesAppliesUnderTheInitParams() {
        List<String> messages = new CopyOnWriteArrayList<>();
        Logger logger = Logger.getLogger("io.llmd.sim.web.SimContextListener");
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                messages.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            deployer.deploy(NAME);
            assertThat(messages)
                    .anySatisfy(message -> assertThat(message)
                            .startsWith("  Model and LoRA: ")
                            .contains("--model=war-yaml-model (yaml)")
                            .contains("--max-model-len=4096 (flag)")
                            .contains("--mode=echo (yaml)"));
            assertThat(messages)
                    .anySatisfy(message ->
                            assertThat(message).startsWith("  Scheduling: ").contains("--max-num-seqs=5 (default)"));
            assertThat(messages)
                    .anySatisfy(message ->
                            assertThat(message).startsWith("  Server: ").contains("--config=" + file + " (flag)"));
            // Tomcat's port is none of the WAR's settings.
            assertThat(messages).noneSatisfy(message -> assertThat(message).contains("--port="));

            SimClient client = new SimClient(
                    URI.create("http://127.0.0.1:" + System.getProperty("sim.tomcat.port") + "/" + NAME + "/"));
            JsonNode models = client.get("/v1/models").json().path("data");
            assertThat(models.findValuesAsText("id")).containsExactly("war-a", "war-b", "war-lora");
            assertThat(models.get(0).path("max_model_len").asInt()).isEqualTo(4096);
            SimClient.Reply echo = client.post("/v1/chat/completions", SimClient.chat("war-lora", "from yaml", ""));
            assertThat(echo.json()
                            .path("choices")
                            .get(0)
                            .path("message")
                            .path("content")
                            .asText())
                    .isEqualTo("from yaml");
        } finally {
            logger.removeHandler(handler);
            deployer.undeploy(NAME);
        }
    }
}
