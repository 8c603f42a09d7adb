package io.llmd.sim.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmd.sim.core.Flag;
import io.llmd.sim.web.Deployment;
import io.llmd.sim.web.ErrorPageServlet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(SimServer server, HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(SimServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    @Test
    void servesTheSimulatorInAFewLines() throws Exception {
        try (SimServer server = SimServer.start(Map.of(Flag.MODEL, "m", Flag.MODE, "echo"))) {
            HttpResponse<String> chat = send(
                    server,
                    HttpRequest.newBuilder(uri(server, "/v1/chat/completions"))
                            .header("Content-Type", "application/json")
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}")));

            assertThat(chat.statusCode()).isEqualTo(200);
            assertThat(chat.body()).contains("\"content\":\"hello there\"");
            assertThat(send(server, HttpRequest.newBuilder(uri(server, "/metrics")))
                            .body())
                    .contains("vllm:num_requests_running{engine=\"0\",model_name=\"m\"} 0.0");
        }
    }

    @Test
    void theDeploymentIsReadyOnceStartedAndDrainedAndStoppedByStop() throws Exception {
        SimServer server = SimServer.start(Map.of(Flag.MODEL, "m", Flag.WARM_UP, "false"));
        Deployment deployment = server.deployment();
        assertThat(deployment.phase()).isEqualTo(Deployment.Phase.READY);

        server.stop();

        assertThat(deployment.phase()).isEqualTo(Deployment.Phase.STOPPED);
        assertThat(server.deployment()).isNull();
        assertThat(deployment.drain())
                .as("a drain after the stop finds nothing running")
                .isTrue();
    }

    @Test
    void answersErrorsAsTheWarDoes() throws Exception {
        try (SimServer server = SimServer.start(Map.of(Flag.MODEL, "m"))) {
            HttpResponse<String> missing = send(server, HttpRequest.newBuilder(uri(server, "/v1/nothing")));
            HttpResponse<String> wrongMethod =
                    send(server, HttpRequest.newBuilder(uri(server, "/metrics")).DELETE());

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(missing.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(missing.body()).contains("\"code\":404");
            assertThat(wrongMethod.statusCode()).isEqualTo(405);
            assertThat(wrongMethod.body()).contains("\"code\":405");
        }
    }

    @Test
    void whatJettyRefusesIsAnsweredInTheShapeOfTheProtocolOfItsPath() throws Exception {
        try (SimServer server = SimServer.start(Map.of(Flag.MODEL, "m", Flag.WARM_UP, "false"))) {
            String messages = refusedForItsHeader(server, "/v1/messages");
            String chat = refusedForItsHeader(server, "/v1/chat/completions");

            assertThat(messages)
                    .startsWith("HTTP/1.1 431 ")
                    .contains("\r\n\r\n{\"type\":\"error\",\"error\":{\"type\":");
            assertThat(chat).startsWith("HTTP/1.1 431 ").contains("\r\n\r\n{\"error\":{\"message\":");
            assertThat(chat.toLowerCase(java.util.Locale.ROOT)).contains("content-type: application/json");
        }
    }

    /** The raw answer to a GET of {@code path} with a header block over the server's limit. */
    private static String refusedForItsHeader(SimServer server, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nX-Big: "
                            + "x".repeat(20 * 1024) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    answer.write(buffer, 0, read);
                }
            } catch (IOException e) {
                // Jetty may reset the connection after its answer, with the rest of the request unread.
            }
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theErrorPageIsWhereTheWarsWebXmlMapsIt() throws IOException {
        String webXml = Files.readString(Path.of("../src/main/webapp/WEB-INF/web.xml"));

        assertThat(webXml)
                .contains("<url-pattern>" + ErrorPageServlet.PATH + "</url-pattern>")
                .contains("<location>" + ErrorPageServlet.PATH + "</location>");
    }

    @Test
    void twoServersRunSideBySideInOneJvm() throws Exception {
        try (SimServer one = SimServer.start(Map.of(Flag.MODEL, "one"));
                SimServer two = SimServer.start(Map.of(Flag.MODEL, "two"))) {
            assertThat(send(one, HttpRequest.newBuilder(uri(one, "/v1/models"))).body())
                    .contains("\"id\":\"one\"");
            assertThat(send(two, HttpRequest.newBuilder(uri(two, "/v1/models"))).body())
                    .contains("\"id\":\"two\"");
        }
    }

    @Test
    void aSimulatorThatCannotStartFailsTheStart() {
        assertThatThrownBy(() -> SimServer.start(Map.of(Flag.MAX_NUM_SEQS, "2")))
                .isInstanceOf(Exception.class);
    }
}
