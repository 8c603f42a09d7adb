package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionTokenLogprob;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java client, unchanged, against the simulator: vLLM's users' first test. */
abstract class OpenAiClientScenarios {
    static final String MODEL = "meta-llama/Llama-3.1-8B-Instruct";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "lora-modules", "sql-lora=/adapters/sql",
            "mode", "echo",
            "inter-token-latency", "5");

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

    @Test
    void listsModels() {
        List<String> ids = new ArrayList<>();
        for (Model model : client.models().list().autoPager()) {
            ids.add(model.id());
            assertThat(model.ownedBy()).isEqualTo("vllm");
        }
        assertThat(ids).containsExactly(MODEL, "sql-lora");
    }

    @Test
    void chatCompletion() {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(MODEL)
                        .addSystemMessage("You are terse.")
                        .addUserMessage("Say hello to the simulator")
                        .maxCompletionTokens(50)
                        .temperature(0.7)
                        .build());
        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).contains("Say hello to the simulator");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
    }

    @Test
    void streamedChatCompletionWithUsage() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model("sql-lora")
                .addUserMessage("stream these five tokens")
                .streamOptions(
                        ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            });
        }
        assertThat(text.toString()).isEqualTo("stream these five tokens");
        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        assertThat(chunks.get(3).choices().get(0).finishReason())
                .contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.get(4).choices()).isEmpty();
        assertThat(chunks.get(4).usage().orElseThrow().completionTokens()).isEqualTo(4);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo("sql-lora"));
    }

    @Test
    void textCompletion() {
        Completion completion = client.completions()
                .create(CompletionCreateParams.builder()
                        .model(MODEL)
                        .prompt("Once upon a time")
                        .maxTokens(3)
                        .build());
        assertThat(completion.choices().get(0).text()).isEqualTo("Once upon a");
        assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo("length");
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(4);
    }

    @Test
    void severalChoicesWithLogprobs() {
        ChatCompletion completion = client.chat()
                .completions()
                .create(ChatCompletionCreateParams.builder()
                        .model(MODEL)
                        .addUserMessage("alpha beta gamma")
                        .n(2)
                        .logprobs(true)
                        .topLogprobs(2)
                        .build());
        assertThat(completion.choices()).hasSize(2);
        for (ChatCompletion.Choice choice : completion.choices()) {
            assertThat(choice.message().content()).contains("alpha beta gamma");
            List<ChatCompletionTokenLogprob> tokens =
                    choice.logprobs().orElseThrow().content().orElseThrow();
            assertThat(tokens).hasSize(3);
            assertThat(tokens).allSatisfy(token -> {
                assertThat(token.logprob()).isLessThanOrEqualTo(0);
                assertThat(token.topLogprobs()).hasSize(2);
            });
        }
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(6);
    }

    @Test
    void requiredToolCallWithArgumentsFromTheSchema() throws Exception {
        FunctionDefinition function = FunctionDefinition.builder()
                .name("lookup")
                .parameters(FunctionParameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("required", JsonValue.from(List.of("query", "limit")))
                        .putAdditionalProperty(
                                "properties",
                                JsonValue.from(Map.of(
                                        "query", Map.of("type", "string"),
                                        "limit", Map.of("type", "integer", "minimum", 1, "maximum", 10))))
                        .build())
                .build();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
                .model(MODEL)
                .addUserMessage("find things")
                .addFunctionTool(function)
                .toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                .build();

        ChatCompletion completion = client.chat().completions().create(params);
        ChatCompletionMessageFunctionToolCall call = completion
                .choices()
                .get(0)
                .message()
                .toolCalls()
                .orElseThrow()
                .get(0)
                .asFunction();
        assertThat(call.function().name()).isEqualTo("lookup");
        var arguments = SimClient.JSON.readTree(call.function().arguments());
        assertThat(arguments.path("query").isTextual()).isTrue();
        assertThat(arguments.path("limit").asInt()).isBetween(1, 10);
        assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);

        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream =
                client.chat().completions().createStreaming(params)) {
            stream.stream()
                    .forEach(chunk -> chunk.choices()
                            .forEach(choice -> choice.delta()
                                    .toolCalls()
                                    .ifPresent(calls -> calls.forEach(delta -> delta.function()
                                            .ifPresent(f -> f.arguments().ifPresent(streamed::append))))));
        }
        assertThat(SimClient.JSON.readTree(streamed.toString()).path("limit").asInt())
                .isBetween(1, 10);
    }

    @Test
    void unknownModelRaisesTheClientsNotFoundError() {
        assertThatThrownBy(() -> client.chat()
                        .completions()
                        .create(ChatCompletionCreateParams.builder()
                                .model("gpt-nothing")
                                .addUserMessage("hi")
                                .build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gpt-nothing");
    }
}
