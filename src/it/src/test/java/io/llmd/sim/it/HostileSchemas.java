package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;

/**
 * Requests whose JSON schema (in response_format or a tool's parameters) asks for huge,
 * endless or impossible values: the short requests that once ran a server's heap out. Each
 * is answered 400 naming the field, or 200 within max_tokens, and the server answers a plain
 * request after each. Run by {@link ApiScenarios} against the launcher and the WAR.
 */
final class HostileSchemas {
    private static final String NESTED_40 =
            "{\"type\":\"array\",\"minItems\":40,\"items\":".repeat(6) + "{\"type\":\"integer\"}" + "}".repeat(6);
    /** Schemas no answer within the context (300 tokens in these scenarios) satisfies. */
    static final List<String> REFUSED = List.of(
            "{\"type\":\"array\",\"minItems\":2000000000}",
            "{\"type\":\"string\",\"minLength\":2000000000}",
            NESTED_40,
            "{\"type\":\"object\",\"minProperties\":2000000000}",
            "{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#\"}},\"required\":[\"n\"]}",
            "{\"type\":\"array\",\"minItems\":3,\"maxItems\":2}",
            "{\"type\":\"string\",\"minLength\":3,\"maxLength\":2}",
            "{\"type\":\"integer\",\"minimum\":3,\"maximum\":2}",
            "{\"type\":\"number\",\"multipleOf\":0}",
            "{\"enum\":[]}",
            "{\"$ref\":\"#/$defs/missing\"}");
    /** Schemas that may be large but need not be, or are merely odd. */
    static final List<String> ANSWERED = List.of(
            "{\"type\":\"array\",\"maxItems\":2000000000,\"items\":{\"type\":\"string\",\"maxLength\":2000000000}}",
            NESTED_40.replace("minItems", "maxItems"),
            "{\"type\":\"object\",\"properties\":{\"n\":{\"$ref\":\"#\"},\"v\":{\"type\":\"integer\"}}}",
            "{\"type\":\"integer\",\"minimum\":-1e300,\"maximum\":1e300}",
            "{\"type\":\"number\",\"exclusiveMinimum\":1e300}",
            "{\"type\":\"integer\",\"minimum\":1e300}");

    private HostileSchemas() {}

    static void run(SimClient client, String model) {
        for (String schema : REFUSED) {
            for (Field field : Field.values()) {
                EndpointsScenarios.assertError(
                        client.post("/v1/chat/completions", field.request(model, schema, "")),
                        400,
                        "BadRequestError",
                        field.param);
                EndpointsScenarios.assertError(
                        client.post("/v1/chat/completions", field.request(model, schema, ",\"stream\":true")),
                        400,
                        "BadRequestError",
                        field.param);
                assertControlAnswered(client, model);
            }
        }
        for (String schema : ANSWERED) {
            for (Field field : Field.values()) {
                SimClient.Reply reply = client.post("/v1/chat/completions", field.request(model, schema, ""));
                assertThat(reply.status()).as(schema + " " + reply.body()).isEqualTo(200);
                JsonNode choice = reply.json().path("choices").get(0);
                assertThat(choice.path("finish_reason").asText()).isIn("stop", "length", "tool_calls");
                assertControlAnswered(client, model);
            }
        }
    }

    /** A value longer than max_tokens is cut there, as guided decoding cuts it. */
    static void cutAtMaxTokens(SimClient client, String model) {
        String schema = "{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":100}";
        for (Field field : Field.values()) {
            JsonNode body = client.post("/v1/chat/completions", field.request(model, schema, ",\"max_tokens\":20"))
                    .json();
            assertThat(body.path("choices").get(0).path("finish_reason").asText())
                    .isEqualTo("length");
            assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(20);
        }
        JsonNode huge = client.post(
                        "/v1/chat/completions",
                        Field.RESPONSE_FORMAT.request(model, "{\"type\":\"integer\",\"minimum\":1e300}", ""))
                .json();
        String content =
                huge.path("choices").get(0).path("message").path("content").asText();
        assertThat(new BigInteger(content)).isGreaterThanOrEqualTo(BigInteger.TEN.pow(300));
    }

    private static void assertControlAnswered(SimClient client, String model) {
        SimClient.Reply control = client.post("/v1/chat/completions", SimClient.chat(model, "still there", ""));
        assertThat(control.status()).isEqualTo(200);
        assertThat(control.json()
                        .path("choices")
                        .get(0)
                        .path("message")
                        .path("content")
                        .asText())
                .isEqualTo("still there");
    }

    /** Where a request carries a schema. */
    private enum Field {
        RESPONSE_FORMAT("response_format"),
        TOOLS("tools");

        private final String param;

        Field(String param) {
            this.param = param;
        }

        String request(String model, String schema, String extra) {
            String fields = this == RESPONSE_FORMAT
                    ? "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":"
                            + schema + "}}"
                    : "\"tool_choice\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":" + schema
                            + "},\"required\":[\"a\"]}}}]";
            return SimClient.chat(model, "x", fields + extra);
        }
    }
}
