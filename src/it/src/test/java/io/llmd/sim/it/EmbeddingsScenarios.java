package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/embeddings} through the official OpenAI Java client (which asks for base64 unless told
 * otherwise) and raw HTTP: deterministic unit vectors, {@code dimensions}, the server's default
 * length, the API key, and vLLM's errors.
 */
abstract class EmbeddingsScenarios {
    static final String MODEL = "embedder";
    static final String KEY = "sk-embed";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "lora-modules", "tuned=/adapters/tuned",
            "max-model-len", "64",
            "api-key", KEY,
            "default-embedding-dimensions", "48");

    private OpenAIClient client;

    abstract URI base();

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(base().resolve("v1").toString())
                .apiKey(KEY)
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private CreateEmbeddingResponse embed(EmbeddingCreateParams.Builder params) {
        return client.embeddings().create(params.model(MODEL).build());
    }

    @Test
    void theSdksBase64DefaultDecodesToTheSameUnitVectorsAsFloats() {
        CreateEmbeddingResponse base64 = embed(EmbeddingCreateParams.builder().input("The food was delicious"));
        CreateEmbeddingResponse floats = embed(EmbeddingCreateParams.builder()
                .input("The food was delicious")
                .encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT));
        List<Float> vector = base64.data().get(0).embedding();
        assertThat(vector).hasSize(48).isEqualTo(floats.data().get(0).embedding());
        assertThat(norm(vector)).isBetween(0.9999, 1.0001);
        assertThat(base64.model()).isEqualTo(MODEL);
        assertThat(base64.usage().promptTokens()).isEqualTo(4);
        assertThat(base64.usage().totalTokens()).isEqualTo(4);
    }

    @Test
    void embedsEveryInputFormWithTheDimensionsAsked() {
        CreateEmbeddingResponse strings = embed(EmbeddingCreateParams.builder()
                .inputOfArrayOfStrings(List.of("a cat", "a dog"))
                .dimensions(8));
        assertThat(strings.data()).hasSize(2);
        assertThat(strings.data().get(1).index()).isEqualTo(1);
        assertThat(strings.data().get(0).embedding()).hasSize(8);
        assertThat(strings.data().get(0).embedding())
                .isNotEqualTo(strings.data().get(1).embedding());

        CreateEmbeddingResponse tokens =
                embed(EmbeddingCreateParams.builder().inputOfArrayOfTokens(List.of(5L, 6L, 7L)));
        assertThat(tokens.data()).hasSize(1);
        assertThat(tokens.usage().promptTokens()).isEqualTo(3);

        CreateEmbeddingResponse tokenLists =
                embed(EmbeddingCreateParams.builder().inputOfArrayOfTokenArrays(List.of(List.of(1L, 2L), List.of(3L))));
        assertThat(tokenLists.data()).hasSize(2);
        assertThat(tokenLists.usage().promptTokens()).isEqualTo(3);
    }

    @Test
    void aTextAndItsTokenIdsEmbedAlike() {
        SimClient raw = new SimClient(base(), "Authorization", "Bearer " + KEY);
        JsonNode ids = raw.post("/tokenize", "{\"prompt\":\"Paris in the spring\"}")
                .json()
                .path("tokens");
        JsonNode byIds = raw.post("/v1/embeddings", "{\"input\":" + ids + "}").json();
        JsonNode byText = raw.post("/v1/embeddings", "{\"input\":\"Paris in the spring\"}")
                .json();
        assertThat(byIds.at("/data/0/embedding")).isEqualTo(byText.at("/data/0/embedding"));
    }

    @Test
    void answersForALoraAdapterUnderItsName() {
        CreateEmbeddingResponse response = client.embeddings()
                .create(EmbeddingCreateParams.builder()
                        .model("tuned")
                        .input("hi")
                        .build());
        assertThat(response.model()).isEqualTo("tuned");
    }

    @Test
    void refusesWhatVllmRefuses() {
        assertThatThrownBy(() -> client.embeddings()
                        .create(EmbeddingCreateParams.builder()
                                .model("nope")
                                .input("hi")
                                .build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> embed(EmbeddingCreateParams.builder().input(" word".repeat(70))))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("in the input for embedding generation");
        SimClient raw = new SimClient(base(), "Authorization", "Bearer " + KEY);
        EndpointsScenarios.assertError(
                raw.post("/v1/embeddings", "{\"input\":\"a\",\"dimensions\":0}"), 400, "BadRequestError", "dimensions");
        EndpointsScenarios.assertError(raw.post("/v1/embeddings", "{\"input\":[]}"), 400, "BadRequestError", "input");
        EndpointsScenarios.assertError(
                raw.post("/v1/embeddings", "{\"input\":\"a\",\"encoding_format\":\"hex\"}"),
                400,
                "BadRequestError",
                "encoding_format");
        EndpointsScenarios.assertError(
                new SimClient(base()).post("/v1/embeddings", "{\"input\":\"a\"}"), 401, "AuthenticationError", null);
        assertThat(raw.post("/v1/embeddings", "{\"input\":\"still serving\"}").status())
                .isEqualTo(200);
    }

    private static double norm(List<Float> vector) {
        double sum = 0;
        for (float value : vector) {
            sum += (double) value * value;
        }
        return Math.sqrt(sum);
    }
}
