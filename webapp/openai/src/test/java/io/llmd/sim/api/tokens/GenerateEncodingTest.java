package io.llmd.sim.api.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.ModelTarget;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.TokenLogprob;
import io.llmd.sim.core.Vocabulary;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateEncodingTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);
    private final Vocabulary vocabulary = new Vocabulary();

    private static GenerateRequest read(String json) throws IOException {
        return Json.mapper().readValue(json, GenerateRequest.class);
    }

    @Test
    void readsVllmsSamplingParamsWithItsDefaultLimit() throws IOException {
        GenerateRequest request = read("""
                {"token_ids":[1,2,3],"sampling_params":{"n":2,"stop_token_ids":[9],"ignore_eos":true,"temperature":0}}""");
        request.validate();
        assertThat(request.effectiveMaxTokens()).isEqualTo(16);
        assertThat(request.sampling().n()).isEqualTo(2);
        assertThat(request.sampling().stopTokenIds()).containsExactly(9);
        assertThat(request.sampling().ignoreEos()).isTrue();
        assertThat(read("{\"token_ids\":[1],\"sampling_params\":{\"max_tokens\":4}}")
                        .effectiveMaxTokens())
                .isEqualTo(4);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"sampling_params\":{}}|token_ids",
                "{\"token_ids\":[],\"sampling_params\":{}}|token_ids",
                "{\"token_ids\":[-1],\"sampling_params\":{}}|token_ids",
                "{\"token_ids\":[1]}|sampling_params",
                "{\"token_ids\":[1],\"sampling_params\":{\"max_tokens\":0}}|max_tokens",
                "{\"token_ids\":[1],\"sampling_params\":{\"logprobs\":99}}|sampling_params",
            })
    void refusesWithTheFieldAtFault(String json, String param) throws IOException {
        GenerateRequest request = read(json);
        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @Test
    void anAbortedStreamEndsWithFinishReasonAbortAndTheUsageOfWhatWentOut() throws IOException {
        Generation generation = new Generation(
                BASE,
                3,
                5,
                List.of(new Choice(0, List.of("Hello", " world", "!"), FinishReason.STOP, null, null, null)));
        GenerateStreamEncoder encoder = new GenerateStreamEncoder("r1", generation, vocabulary, true);
        EventBuffer out = new EventBuffer();

        assertThat(encoder.aborted(out, 1)).isTrue();

        List<String> data = out.toString()
                .lines()
                .filter(line -> line.startsWith("data: "))
                .map(line -> line.substring(6))
                .toList();
        assertThat(data).hasSize(3).last().isEqualTo("[DONE]");
        JsonNode last = Json.mapper().readTree(data.get(0));
        assertThat(last.at("/choices/0/finish_reason").asText()).isEqualTo("abort");
        assertThat(last.at("/choices/0/token_ids")).isEmpty();
        assertThat(Json.mapper()
                        .readTree(data.get(1))
                        .at("/usage/completion_tokens")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void answersTheTokensIdsWithLogprobsNamedById() throws IOException {
        List<String> tokens = List.of("Hello", " world");
        TokenLogprob first = new TokenLogprob("Hello", -0.5, List.of(new TokenLogprob.Alternative("Hello", -0.5)));
        TokenLogprob second = new TokenLogprob(" world", -0.25, List.of());
        Generation generation = new Generation(
                BASE, 3, 5, List.of(new Choice(0, tokens, FinishReason.STOP, null, null, List.of(first, second))));
        JsonNode json = Json.mapper()
                .readTree(Json.bytes(
                        GenerateResponse.of("r", "generate-tokens-1", 7, "m", generation, vocabulary, null)));
        List<Integer> ids = vocabulary.encode("Hello world");
        assertThat(json.path("request_id").asText()).isEqualTo("r");
        assertThat(json.at("/choices/0/token_ids/0").asInt()).isEqualTo(ids.get(0));
        assertThat(json.at("/choices/0/token_ids/1").asInt()).isEqualTo(ids.get(1));
        assertThat(json.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(json.at("/choices/0/logprobs/content/0/token").asText()).isEqualTo("token_id:" + ids.get(0));
        assertThat(json.at("/choices/0/logprobs/content/0/top_logprobs/0/token").asText())
                .isEqualTo("token_id:" + ids.get(0));
        assertThat(json.at("/usage/prompt_tokens").asInt()).isEqualTo(3);
        assertThat(json.at("/usage/completion_tokens").asInt()).isEqualTo(2);
        assertThat(json.has("kv_transfer_params")).isTrue();
    }

    @Test
    void streamsOneChunkPerTokenThenUsageAndDone() throws IOException {
        Generation generation = new Generation(
                BASE,
                3,
                5,
                List.of(
                        new Choice(0, List.of("a", " b"), FinishReason.STOP, null, null, null),
                        new Choice(1, List.of("c"), FinishReason.LENGTH, null, null, null)));
        GenerateStreamEncoder encoder = new GenerateStreamEncoder("r\"1", generation, vocabulary, true);
        EventBuffer out = new EventBuffer();
        encoder.start(out);
        assertThat(encoder.steps()).isEqualTo(2);
        for (int step = 0; step < encoder.steps(); step++) {
            encoder.step(out, step);
        }
        encoder.end(out);
        String[] frames = out.toString().split("\n\n");
        assertThat(frames).hasSize(5);
        JsonNode first = Json.mapper().readTree(frames[0].substring(6));
        assertThat(first.path("request_id").asText()).isEqualTo("r\"1");
        assertThat(first.at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(first.at("/choices/0/token_ids/0").asInt()).isEqualTo(vocabulary.id("a"));
        JsonNode second = Json.mapper().readTree(frames[1].substring(6));
        assertThat(second.at("/choices/0/index").asInt()).isEqualTo(1);
        assertThat(second.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        JsonNode third = Json.mapper().readTree(frames[2].substring(6));
        assertThat(third.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        JsonNode usage = Json.mapper().readTree(frames[3].substring(6));
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.at("/usage/completion_tokens").asInt()).isEqualTo(3);
        assertThat(frames[4]).isEqualTo("data: [DONE]");
    }
}
