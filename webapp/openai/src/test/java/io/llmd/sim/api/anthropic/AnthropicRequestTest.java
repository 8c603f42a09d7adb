package io.llmd.sim.api.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.ChatCompletionRequest;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.SimException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicRequestTest {

    private static AnthropicRequest read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, AnthropicRequest.class);
    }

    private static JsonNode chatJson(AnthropicRequest request) {
        return Json.mapper().valueToTree(request.toChat());
    }

    @Test
    void becomesTheChatRequestItMeans() throws JsonProcessingException {
        AnthropicRequest request = read("""
                {"model":"m","max_tokens":64,"system":[{"type":"text","text":"Be "},{"type":"text","text":"brief."}],
                 "stop_sequences":["END"],"temperature":0.2,"top_k":5,"metadata":{"user_id":"u"},
                 "messages":[
                   {"role":"user","content":"What is in this picture?"},
                   {"role":"assistant","content":[{"type":"thinking","thinking":"hmm"},
                     {"type":"tool_use","id":"toolu_1","name":"look","input":{"at":"picture"}}]},
                   {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1",
                       "content":[{"type":"text","text":"a cat"}]},
                     {"type":"text","text":"So?"},
                     {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"AAAA"}}]}]}
                """);
        request.validate();
        ChatCompletionRequest chat = request.toChat();
        chat.validate();
        JsonNode json = chatJson(request);
        assertThat(json.path("model").asText()).isEqualTo("m");
        assertThat(json.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(json.path("stop").get(0).asText()).isEqualTo("END");
        JsonNode messages = json.path("messages");
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("What is in this picture?");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("a cat");
        assertThat(messages.get(4).path("content").get(0).path("text").asText()).isEqualTo("So?");
        assertThat(messages.get(4).path("content").get(1).at("/image_url/url").asText())
                .isEqualTo("data:image/jpeg;base64,AAAA");
        assertThat(chat.imageTokens()).isEqualTo(256);
        assertThat(chat.lastUserText()).isEqualTo("So?");
        assertThat(chat.streaming()).isFalse();
    }

    @Test
    void aStreamAsksForUsageOnEveryChunkAsVllmDoes() throws JsonProcessingException {
        ChatCompletionRequest chat = read("""
                {"model":"m","max_tokens":5,"stream":true,"messages":[{"role":"user","content":"hi"}]}""").toChat();
        assertThat(chat.streaming()).isTrue();
        assertThat(chat.includeUsage()).isTrue();
        assertThat(chat.continuousUsage()).isTrue();
    }

    @Test
    void movesSystemTurnsIntoTheSystemPromptAsVllmDoes() throws JsonProcessingException {
        AnthropicRequest request = read("""
                {"model":"m","max_tokens":5,"system":"Be brief. ",
                 "messages":[{"role":"system","content":"Use French. "},
                             {"role":"user","content":"Hello"},
                             {"role":"system","content":[{"type":"text","text":"No emoji."}]}]}
                """).withSystemTurnsHoisted();
        request.validate();
        JsonNode messages = chatJson(request).path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(0).path("content").asText()).isEqualTo("Be brief. Use French. No emoji.");
        assertThat(messages.get(1).path("content").asText()).isEqualTo("Hello");

        AnthropicRequest nothingToMove =
                read("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":5}]}");
        assertThat(nothingToMove.withSystemTurnsHoisted()).isSameAs(nothingToMove);
        AnthropicRequest onlySystem =
                read("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}")
                        .withSystemTurnsHoisted();
        assertThatThrownBy(onlySystem::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("messages"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "|auto",
                "{\"type\":\"auto\"}|auto",
                "{\"type\":\"any\"}|required",
                "{\"type\":\"none\"}|none",
            })
    void mapsToolChoiceToChats(String choice, String expected) throws JsonProcessingException {
        String toolChoice = choice == null ? "" : ",\"tool_choice\":" + choice;
        JsonNode json =
                chatJson(read("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"properties\":{}}}]" + toolChoice + "}"));
        assertThat(json.path("tool_choice").asText()).isEqualTo(expected);
        assertThat(json.at("/tools/0/function/name").asText()).isEqualTo("f");
        assertThat(json.at("/tools/0/function/parameters/type").asText()).isEqualTo("object");
    }

    @Test
    void aNamedToolBecomesChatsNamedFunction() throws JsonProcessingException {
        JsonNode json =
                chatJson(read("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                        + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
                        + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"f\"}}"));
        assertThat(json.at("/tool_choice/function/name").asText()).isEqualTo("f");
        assertThat(json.at("/tool_choice/type").asText()).isEqualTo("function");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|model",
                "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|max_tokens",
                "{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|max_tokens",
                "{\"model\":\"m\",\"max_tokens\":5}|messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[]}|messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]}|messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":5}]}|messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]}|messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]}|messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]}|messages",
                "{\"model\":\"m\",\"max_tokens\":5,\"system\":7,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|system",
                "{\"model\":\"m\",\"max_tokens\":5,\"tool_choice\":{\"type\":\"maybe\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|tool_choice",
                "{\"model\":\"m\",\"max_tokens\":5,\"tool_choice\":{\"type\":\"tool\"},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|tool_choice",
                "{\"model\":\"m\",\"max_tokens\":5,\"tools\":{},\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|tools",
                "{\"model\":\"m\",\"max_tokens\":5,\"tools\":[{\"name\":\"f\"}],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}|tools",
            })
    void refusesWithTheFieldAtFault(String json, String param) throws JsonProcessingException {
        AnthropicRequest request = read(json);
        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @Test
    void aToolSchemaChatRefusesIsRefusedHereToo() throws JsonProcessingException {
        AnthropicRequest request =
                read("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                        + "\"tools\":[{\"name\":\"f\",\"input_schema\":{\"type\":\"object\"}}],"
                        + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"g\"}}");
        request.validate();
        assertThatThrownBy(() -> request.toChat().validate()).isInstanceOf(SimException.class);
    }

    @Test
    void readsTheStopSequencesAsChatsStop() throws JsonProcessingException {
        ChatCompletionRequest chat = read("{\"model\":\"m\",\"max_tokens\":5,\"stop_sequences\":[\"a\",\"b\"],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")
                .toChat();
        assertThat(chat.sampling().stop()).isEqualTo(List.of("a", "b"));
    }
}
