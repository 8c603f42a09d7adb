package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.StructuredResponse;
import com.openai.models.responses.StructuredResponseCreateParams;
import com.openai.models.responses.ToolChoiceOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /v1/responses} through the official OpenAI Java client's {@code responses()} API,
 * streamed and not: text, instructions, the token limit, log probabilities, function calls and
 * their outputs, structured output from a Java class, and the named events with their
 * {@code sequence_number}.
 */
abstract class ResponsesScenarios {
    static final String MODEL = "responder";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "mode", "echo",
            "lora-modules", "tuned=/adapters/tuned",
            "max-model-len", "300",
            "inter-token-latency", "2",
            "tool-call-extra-call-probability", "100");
    private static final FunctionTool WEATHER = FunctionTool.builder()
            .name("get_weather")
            .description("Weather in a city")
            .parameters(FunctionTool.Parameters.builder()
                    .putAdditionalProperty("type", JsonValue.from("object"))
                    .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                    .putAdditionalProperty("required", JsonValue.from(List.of("city")))
                    .build())
            .strict(false)
            .build();

    /** A shape for structured output, its schema made by the SDK from the class. */
    public record Forecast(String city, long days) {}

    private OpenAIClient client;

    abstract URI base();

    @BeforeEach
    void connect() {
        client = OpenAIOkHttpClient.builder()
                .baseUrl(base().resolve("v1").toString())
                .apiKey("not-needed")
                .maxRetries(0)
                .build();
    }

    @AfterEach
    void close() {
        client.close();
    }

    private static String text(Response response) {
        return response.output()
                .get(0)
                .message()
                .orElseThrow()
                .content()
                .get(0)
                .outputText()
                .orElseThrow()
                .text();
    }

    @Test
    void answersWithAMessage() {
        Response response = client.responses()
                .create(ResponseCreateParams.builder()
                        .model(MODEL)
                        .instructions("You are terse.")
                        .input("Say hello to the simulator")
                        .build());
        assertThat(response.id()).startsWith("resp_");
        assertThat(text(response)).isEqualTo("Say hello to the simulator");
        assertThat(response.status()).contains(ResponseStatus.COMPLETED);
        assertThat(response.instructions()).isPresent();
        assertThat(response.usage().orElseThrow().inputTokens())
                .as("the system and user messages in the chat template: 9 tokens of text, 9 of markers and roles")
                .isEqualTo(18);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(5);
        assertThat(response.usage().orElseThrow().totalTokens()).isEqualTo(23);
    }

    @Test
    void stopsAtMaxOutputTokensWithLogprobs() {
        Response response = client.responses()
                .create(ResponseCreateParams.builder()
                        .model(MODEL)
                        .input("one two three four")
                        .maxOutputTokens(2)
                        .addInclude(ResponseIncludable.MESSAGE_OUTPUT_TEXT_LOGPROBS)
                        .topLogprobs(2)
                        .build());
        assertThat(text(response)).isEqualTo("one two");
        assertThat(response.status()).contains(ResponseStatus.INCOMPLETE);
        assertThat(response.incompleteDetails().orElseThrow().reason())
                .contains(Response.IncompleteDetails.Reason.MAX_OUTPUT_TOKENS);
        ResponseOutputText output = response.output()
                .get(0)
                .message()
                .orElseThrow()
                .content()
                .get(0)
                .outputText()
                .orElseThrow();
        assertThat(output.logprobs().orElseThrow()).hasSize(2);
        assertThat(output.logprobs().orElseThrow().get(0).topLogprobs()).hasSize(2);
    }

    @Test
    void streamsNamedEventsInSequence() {
        StringBuilder text = new StringBuilder();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses()
                .createStreaming(ResponseCreateParams.builder()
                        .model(MODEL)
                        .input("stream these five tokens")
                        .build())) {
            stream.stream().forEach(event -> {
                events.add(event);
                event.outputTextDelta().ifPresent(delta -> text.append(delta.delta()));
            });
        }
        assertThat(text.toString()).isEqualTo("stream these five tokens");
        assertThat(events.get(0).isCreated()).isTrue();
        assertThat(events.get(1).isInProgress()).isTrue();
        Response completed =
                events.get(events.size() - 1).completed().orElseThrow().response();
        assertThat(text(completed)).isEqualTo("stream these five tokens");
        assertThat(completed.usage().orElseThrow().outputTokens()).isEqualTo(4);
        SimClient.Stream raw = new SimClient(base())
                .stream("/v1/responses", "{\"input\":\"stream these five tokens\",\"stream\":true}");
        List<String> names = new ArrayList<>();
        int sequence = 0;
        for (SimClient.Event event : raw.events()) {
            JsonNode data = event.json();
            names.add(data.path("type").asText());
            assertThat(data.path("sequence_number").asInt()).isEqualTo(sequence++);
        }
        assertThat(raw.rawBody()).contains("event: response.created\n").doesNotContain("[DONE]");
        assertThat(names)
                .containsExactly(
                        "response.created",
                        "response.in_progress",
                        "response.output_item.added",
                        "response.content_part.added",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.delta",
                        "response.output_text.done",
                        "response.content_part.done",
                        "response.output_item.done",
                        "response.completed");
    }

    @Test
    void callsAFunctionThenAnswersItsOutput() {
        ResponseCreateParams.Builder ask = ResponseCreateParams.builder()
                .model(MODEL)
                .input("What is the weather in Paris?")
                .addTool(WEATHER)
                .toolChoice(ToolChoiceOptions.REQUIRED);
        Response call = client.responses().create(ask.build());
        ResponseFunctionToolCall function = call.output().get(0).functionCall().orElseThrow();
        assertThat(function.name()).isEqualTo("get_weather");
        assertThat(function.arguments()).contains("city");

        StringBuilder arguments = new StringBuilder();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask.build())) {
            stream.stream()
                    .forEach(event ->
                            event.functionCallArgumentsDelta().ifPresent(delta -> arguments.append(delta.delta())));
        }
        assertThat(arguments.toString()).contains("city");

        Response answer = client.responses()
                .create(ResponseCreateParams.builder()
                        .model(MODEL)
                        .addTool(WEATHER)
                        .inputOfResponse(List.of(
                                ResponseInputItem.ofFunctionCall(function),
                                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                        .callId(function.callId())
                                        .output("sunny")
                                        .build())))
                        .toolChoice(ToolChoiceOptions.NONE)
                        .build());
        assertThat(answer.output().get(0).isMessage()).isTrue();
    }

    @Test
    void callsEveryToolInItsOwnItemUnlessParallelCallsAreOff() {
        FunctionTool time = FunctionTool.builder()
                .name("get_time")
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .build())
                .strict(false)
                .build();
        ResponseCreateParams.Builder ask = ResponseCreateParams.builder()
                .model(MODEL)
                .input("Weather and time?")
                .addTool(WEATHER)
                .addTool(time)
                .toolChoice(ToolChoiceOptions.REQUIRED);

        Response both = client.responses().create(ask.build());
        assertThat(both.output()).hasSize(2);
        assertThat(both.output())
                .allSatisfy(item -> assertThat(item.isFunctionCall()).isTrue());
        assertThat(both.output().get(0).functionCall().orElseThrow().id())
                .isNotEqualTo(both.output().get(1).functionCall().orElseThrow().id());

        List<Long> outputIndexes = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(ask.build())) {
            stream.stream()
                    .forEach(event ->
                            event.functionCallArgumentsDone().ifPresent(done -> outputIndexes.add(done.outputIndex())));
        }
        assertThat(outputIndexes).containsExactly(0L, 1L);

        Response one = client.responses().create(ask.parallelToolCalls(false).build());
        assertThat(one.output()).hasSize(1);
    }

    @Test
    void answersStructuredOutputTheSdkParses() {
        StructuredResponseCreateParams<Forecast> params = ResponseCreateParams.builder()
                .model(MODEL)
                .input("Forecast for a city")
                .text(Forecast.class)
                .build();
        StructuredResponse<Forecast> response = client.responses().create(params);
        Forecast forecast = response.output()
                .get(0)
                .message()
                .orElseThrow()
                .content()
                .get(0)
                .outputText()
                .orElseThrow();
        assertThat(forecast.city()).isNotNull();
    }

    @Test
    void answersForALoraAdapterUnderItsName() {
        SimClient raw = new SimClient(base());
        JsonNode whole = raw.post("/v1/responses", "{\"model\":\"tuned\",\"input\":\"one two three\"}")
                .json();
        assertThat(whole.path("model").asText()).isEqualTo("tuned");
        assertThat(whole.at("/output/0/content/0/text").asText()).isEqualTo("one two three");
        SimClient.Stream streamed =
                raw.stream("/v1/responses", "{\"model\":\"tuned\",\"input\":\"one two\",\"stream\":true}");
        assertThat(streamed.status()).isEqualTo(200);
        JsonNode completed = streamed.events().get(streamed.events().size() - 1).json();
        assertThat(completed.path("type").asText()).isEqualTo("response.completed");
        assertThat(completed.at("/response/model").asText()).isEqualTo("tuned");
    }

    @Test
    void failsOnDemandAsChatDoes() {
        assertThatThrownBy(() -> client.responses()
                        .create(ResponseCreateParams.builder()
                                .model(MODEL)
                                .input("hi")
                                .putAdditionalHeader("X-Return-Error", "429")
                                .build()))
                .isInstanceOf(RateLimitException.class);
        SimClient forced = new SimClient(base()).withHeaders("X-Return-Error", "503");
        EndpointsScenarios.assertError(
                forced.post("/v1/responses", "{\"input\":\"hi\"}"), 503, "InternalServerError", null);
        // A stream that fails before its first event is answered as a plain error, as chat's is.
        EndpointsScenarios.assertError(
                forced.post("/v1/responses", "{\"input\":\"hi\",\"stream\":true}"), 503, "InternalServerError", null);
        EndpointsScenarios.assertError(
                new SimClient(base())
                        .withHeaders("X-Return-Error", "teapot")
                        .post("/v1/responses", "{\"input\":\"hi\"}"),
                400,
                "BadRequestError",
                null);
    }

    @Test
    void refusesWhatItCannotServeInOpenAisShape() {
        assertThatThrownBy(() -> client.responses()
                        .create(ResponseCreateParams.builder()
                                .model("nope")
                                .input("hi")
                                .build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> client.responses()
                        .create(ResponseCreateParams.builder()
                                .model(MODEL)
                                .input("hi")
                                .maxOutputTokens(1000)
                                .build()))
                .isInstanceOf(BadRequestException.class);
        SimClient raw = new SimClient(base());
        EndpointsScenarios.assertError(
                raw.post("/v1/responses", "{\"model\":\"" + MODEL + "\"}"), 400, "BadRequestError", "input");
        EndpointsScenarios.assertError(
                raw.post("/v1/responses", "{\"input\":[{\"type\":\"mystery\"}]}"), 400, "BadRequestError", "input");
        EndpointsScenarios.assertError(
                raw.post("/v1/responses", "{\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}"),
                400,
                "BadRequestError",
                "previous_response_id");
        JsonNode ok = raw.post("/v1/responses", "{\"input\":\"still here\"}").json();
        assertThat(ok.path("status").asText()).isEqualTo("completed");
    }
}
