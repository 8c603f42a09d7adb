package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a client can get wrong about HTTP itself, where the application decides the answer: wrong
 * methods on the metrics endpoint, the error page asked for by its path, headers that do not
 * parse. Every answer is vLLM's JSON error body or a normal answer, never an empty or HTML one,
 * and the server goes on serving.
 */
abstract class HttpErrorScenarios {
    static final String MODEL = "http-errors-model";

    /** The simulator's root URL. */
    abstract URI base();

    /** A path under the simulator's root, as a request target. */
    String target(String path) {
        String root = base().getPath();
        return (root.endsWith("/") ? root.substring(0, root.length() - 1) : root) + path;
    }

    RawHttp.Answer send(String request) {
        return RawHttp.send(base(), request);
    }

    @Test
    void metricsAnswersOtherMethodsThanGetWithA405InVllmsShape() {
        for (String method : List.of("PUT", "DELETE", "POST", "PATCH")) {
            RawHttp.Answer answer =
                    send(RawHttp.withBody(method, target("/metrics"), "{}", "Content-Type: application/json"));
            assertVllmError(answer, 405);
            assertThat(answer.header("Allow")).as(method).contains("GET");
            assertStillServing();
        }
    }

    @Test
    void theErrorPageIsNoRouteOfItsOwn() {
        for (String method : List.of("GET", "POST", "DELETE")) {
            assertVllmError(send(RawHttp.request(method, target("/_error"))), 404);
        }
        assertStillServing();
    }

    @Test
    void aContentTypeThatDoesNotParseIsIgnoredAsVllmIgnoresIt() {
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"hello\",\"max_tokens\":2}";
        for (String type : List.of(";;;/", "application/", "a/b; x", "text/plain; charset")) {
            RawHttp.Answer completion =
                    send(RawHttp.withBody("POST", target("/v1/completions"), body, "Content-Type: " + type));
            assertThat(completion.status()).as(type + ": " + completion.body()).isEqualTo(200);
            assertThat(completion.json().path("object").asText()).isEqualTo("text_completion");

            RawHttp.Answer models = send(RawHttp.request("GET", target("/v1/models"), "Content-Type: " + type));
            assertThat(models.status()).as(type + ": " + models.body()).isEqualTo(200);
        }
        assertStillServing();
    }

    @Test
    void anAcceptThatDoesNotParseIsIgnoredAsVllmIgnoresIt() {
        RawHttp.Answer answer = send(RawHttp.request("GET", target("/v1/models"), "Accept: ;;;/"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("object").asText()).isEqualTo("list");
    }

    @Test
    void anUnknownMethodOnARouteIsA405InVllmsShape() {
        for (String method : List.of("PUT", "DELETE", "PROPFIND", "TRACE")) {
            assertVllmError(send(RawHttp.request(method, target("/v1/models"))), 405);
        }
        assertStillServing();
    }

    /** The control request after a bad one: the server still answers normally. */
    void assertStillServing() {
        SimClient.Reply reply = new SimClient(base()).get("/v1/models");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("data").get(0).path("id").asText()).isEqualTo(MODEL);
    }

    static void assertVllmError(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.headers() + " " + answer.body()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/json");
        JsonNode error = answer.json().path("error");
        assertThat(error.path("code").asInt()).as(answer.body()).isEqualTo(status);
        assertThat(error.path("message").asText()).as(answer.body()).isNotBlank();
        assertThat(error.path("type").asText()).as(answer.body()).isNotBlank();
        assertThat(error.has("param") && error.path("param").isNull())
                .as(answer.body())
                .isTrue();
    }
}
