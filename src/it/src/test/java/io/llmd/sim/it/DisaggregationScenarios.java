package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prefill/decode disaggregation as vLLM's KV-transfer connectors do it: a prefill-only request
 * answers one token and hands over its KV-cache blocks; a remote-prefilled request skips prefill
 * and waits for the transfer instead.
 */
abstract class DisaggregationScenarios {
    static final String MODEL = "pd-model";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "mode", "echo",
            "time-to-first-token", "500",
            "inter-token-latency", "10",
            "kv-cache-transfer-latency", "40");

    abstract URI base();

    @Test
    void aPrefillOnlyRequestAnswersOneTokenAndHandsOverItsBlocks() {
        SimClient.Reply reply = new SimClient(base())
                .post(
                        "/v1/completions",
                        "{\"model\":\"" + MODEL + "\","
                                + "\"prompt\":\"one two three four five\",\"max_tokens\":20,"
                                + "\"kv_transfer_params\":{\"do_remote_decode\":true,\"do_remote_prefill\":false}}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(1);
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        JsonNode params = body.path("kv_transfer_params");
        assertThat(params.path("do_remote_prefill").asBoolean()).isTrue();
        assertThat(params.path("do_remote_decode").asBoolean()).isFalse();
        assertThat(params.path("remote_block_ids")).isNotEmpty();
        assertThat(params.path("remote_engine_id").asText()).isNotBlank();
        assertThat(params.path("remote_host").asText()).isNotBlank();
        assertThat(params.path("remote_port").asInt()).isPositive();
        assertThat(reply.elapsedNanos() / 1e6).as("it ran its prefill").isGreaterThanOrEqualTo(495);
    }

    @Test
    void aPrefillOnlyRequestCannotBeStreamed() {
        EndpointsScenarios.assertError(
                new SimClient(base())
                        .post(
                                "/v1/chat/completions",
                                SimClient.chat(
                                        MODEL,
                                        "hi",
                                        "\"stream\":true,\"kv_transfer_params\":{\"do_remote_decode\":true}")),
                400,
                "BadRequestError",
                "stream");
    }

    @Test
    void aRemotePrefilledRequestWaitsForTheTransferInsteadOfPrefilling() {
        SimClient client = new SimClient(base());
        String remote = "\"stream\":true,\"kv_transfer_params\":{\"do_remote_prefill\":true,\"remote_block_ids\":[1,2],"
                + "\"remote_engine_id\":\"e\",\"remote_host\":\"127.0.0.1\",\"remote_port\":1}";
        for (int i = 0; i < 3; i++) { // a cold server's first requests are slow
            client.stream("/v1/chat/completions", SimClient.chat(MODEL, "warm up", remote));
        }
        SimClient.Stream decoded =
                client.stream("/v1/chat/completions", SimClient.chat(MODEL, "one two three", remote));
        double first = decoded.events().get(0).atMillis();
        assertThat(first)
                .as("first token after the 40 ms transfer, not the 500 ms prefill: %.1f ms", first)
                .isBetween(35.0, 350.0);
        assertThat(decoded.events()).hasSize(4);

        SimClient.Stream ordinary =
                client.stream("/v1/chat/completions", SimClient.chat(MODEL, "one two three", "\"stream\":true"));
        assertThat(ordinary.events().get(0).atMillis()).isGreaterThanOrEqualTo(495);
    }
}
