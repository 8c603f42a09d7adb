package io.llmd.sim.it;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        client = OpenAIOkHttpClient.builder().baseUrl(base().resolve("v1").toString()).apiKey("not-needed")
                .maxRetries(0).build();
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
        ChatCompletion completion = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addSystemMessage("You are terse.").addUserMessage("Say hello to the simulator")
                .maxCompletionTokens(50).temperature(0.7).build());
        assertThat(completion.model()).isEqualTo(MODEL);
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertThat(choice.message().content()).contains("Say hello to the simulator");
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(5);
    }

    @Test
    void streamedChatCompletionWithUsage() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("sql-lora")
                .addUserMessage("stream these five tokens")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder text = new StringBuilder();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                chunks.add(chunk);
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(text::append));
            });
        }
        assertThat(text.toString()).isEqualTo("stream these five tokens");
        assertThat(chunks).hasSize(5);
        assertThat(chunks.get(0).choices().get(0).delta().role()).isPresent();
        assertThat(chunks.get(3).choices().get(0).finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        assertThat(chunks.get(4).choices()).isEmpty();
        assertThat(chunks.get(4).usage().orElseThrow().completionTokens()).isEqualTo(4);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.model()).isEqualTo("sql-lora"));
    }

    @Test
    void textCompletion() {
        Completion completion = client.completions().create(CompletionCreateParams.builder()
                .model(MODEL).prompt("Once upon a time").maxTokens(3).build());
        assertThat(completion.choices().get(0).text()).isEqualTo("Once upon a");
        assertThat(completion.choices().get(0).finishReason().asString()).isEqualTo("length");
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(4);
    }

    @Test
    void unknownModelRaisesTheClientsNotFoundError() {
        assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-nothing").addUserMessage("hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gpt-nothing");
    }
}
