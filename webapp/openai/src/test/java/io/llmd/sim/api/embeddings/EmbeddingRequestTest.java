package io.llmd.sim.api.embeddings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddingRequestTest {
    private final Vocabulary vocabulary = new Vocabulary();

    private static EmbeddingRequest read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, EmbeddingRequest.class);
    }

    @Test
    void readsOneString() throws JsonProcessingException {
        EmbeddingRequest request = read("{\"model\":\"m\",\"input\":\"Hello big world\",\"user\":\"u\"}");
        request.validate();
        assertThat(request.inputs(vocabulary))
                .containsExactly(new EmbeddingRequest.Input(List.of("Hello", " big", " world"), 3));
        assertThat(request.base64()).isFalse();
        assertThat(request.dimensionsOr(384)).isEqualTo(384);
    }

    @Test
    void readsAListOfStringsAsOneInputEach() throws JsonProcessingException {
        EmbeddingRequest request = read("{\"input\":[\"a b\",\"c\"],\"dimensions\":8,\"encoding_format\":\"base64\"}");
        request.validate();
        assertThat(request.inputs(vocabulary))
                .extracting(EmbeddingRequest.Input::promptTokens)
                .containsExactly(2, 1);
        assertThat(request.base64()).isTrue();
        assertThat(request.dimensionsOr(384)).isEqualTo(8);
    }

    @Test
    void readsTokenIdsThroughTheVocabularySoThatTheyEmbedAsTheirText() throws JsonProcessingException {
        List<Integer> ids = vocabulary.encode("Hello big world");
        EmbeddingRequest request = read("{\"input\":" + ids + "}");
        request.validate();
        assertThat(request.inputs(vocabulary))
                .containsExactly(new EmbeddingRequest.Input(List.of("Hello", " big", " world"), 3));
    }

    @Test
    void readsListsOfTokenIdsAsOneInputEach() throws JsonProcessingException {
        EmbeddingRequest request = read("{\"input\":[[1,2,3],[4.0]]}");
        request.validate();
        assertThat(request.inputs(vocabulary))
                .extracting(EmbeddingRequest.Input::promptTokens)
                .containsExactly(3, 1);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}|input",
                "{\"input\":null}|input",
                "{\"input\":\"\"}|input",
                "{\"input\":[]}|input",
                "{\"input\":[\"a\",\"\"]}|input",
                "{\"input\":[[1],[]]}|input",
                "{\"input\":[\"a\",1]}|input",
                "{\"input\":[[\"a\"]]}|input",
                "{\"input\":{\"a\":1}}|input",
                "{\"input\":[1.5]}|input",
                "{\"input\":[-1]}|input",
                "{\"input\":[[2],[-7]]}|input",
                "{\"input\":\"a\",\"dimensions\":0}|dimensions",
                "{\"input\":\"a\",\"dimensions\":70000}|dimensions",
                "{\"input\":\"a\",\"encoding_format\":\"bytes\"}|encoding_format",
            })
    void refusesWithTheFieldAtFault(String json, String param) throws JsonProcessingException {
        EmbeddingRequest request = read(json);
        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @ParameterizedTest
    @ValueSource(strings = {"float", "base64"})
    void takesBothEncodings(String format) throws JsonProcessingException {
        read("{\"input\":\"a\",\"encoding_format\":\"" + format + "\"}").validate();
    }
}
