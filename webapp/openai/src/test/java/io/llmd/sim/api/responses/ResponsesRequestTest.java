package io.llmd.sim.api.responses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.ChatCompletionRequest;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.SimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesRequestTest {

    private static ResponsesRequest read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, ResponsesRequest.class);
    }

    private static JsonNode chatJson(ResponsesRequest request) {
        return Json.mapper().valueToTree(request.toChat());
    }

    @Test
    void aStringInputIsOneUserMessageAfterTheInstructions() throws JsonProcessingException {
        ResponsesRequest request =
                read("{\"model\":\"m\",\"input\":\"hello\",\"instructions\":\"be brief\",\"max_output_tokens\":7}");
        request.validate();
        ChatCompletionRequest chat = request.toChat();
        chat.validate();
        assertThat(chat.promptText())
                .isEqualTo("<|im_start|>system\nbe brief<|im_end|>\n<|im_start|>user\nhello<|im_end|>\n"
                        + "<|im_start|>assistant\n");
        assertThat(chat.lastUserText()).isEqualTo("hello");
        assertThat(chat.effectiveMaxTokens()).isEqualTo(7);
        assertThat(chat.logprobCount()).isEqualTo(-1);
    }

    @Test
    void inputItemsBecomeChatMessages() throws JsonProcessingException {
        ResponsesRequest request = read("""
                {"input":[
                  {"role":"developer","content":"rules"},
                  {"type":"message","role":"user","content":[{"type":"input_text","text":"look"},
                     {"type":"input_image","image_url":"data:image/png;base64,AA"}]},
                  {"type":"function_call","call_id":"call_1","name":"f","arguments":"{\\"a\\":1}"},
                  {"type":"function_call_output","call_id":"call_1","output":"42"},
                  {"type":"reasoning","summary":[]},
                  {"role":"assistant","content":[{"type":"output_text","text":"it is 42"}]}]}
                """);
        request.validate();
        JsonNode messages = chatJson(request).path("messages");
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
        assertThat(messages.get(1).at("/content/1/type").asText()).isEqualTo("image_url");
        assertThat(messages.get(2).path("role").asText()).isEqualTo("assistant");
        assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
        assertThat(messages.get(3).path("content").asText()).isEqualTo("42");
        assertThat(messages.get(4).at("/content/0/text").asText()).isEqualTo("it is 42");
        ChatCompletionRequest chat = request.toChat();
        chat.validate();
        assertThat(chat.imageTokens()).isEqualTo(256);
        assertThat(chat.lastUserText()).isEqualTo("look");
    }

    @Test
    void flatFunctionToolsAndTheirChoiceBecomeChats() throws JsonProcessingException {
        JsonNode chat = chatJson(read("""
                {"input":"x","tools":[{"type":"function","name":"f","parameters":{"type":"object"},"strict":true}],
                 "tool_choice":{"type":"function","name":"f"}}"""));
        assertThat(chat.at("/tools/0/function/name").asText()).isEqualTo("f");
        assertThat(chat.at("/tools/0/function/strict").asBoolean()).isTrue();
        assertThat(chat.at("/tool_choice/function/name").asText()).isEqualTo("f");
        JsonNode required = chatJson(read("""
                {"input":"x","tools":[{"type":"function","name":"f"}],"tool_choice":"required"}"""));
        assertThat(required.path("tool_choice").asText()).isEqualTo("required");
    }

    @Test
    void textFormatBecomesResponseFormat() throws JsonProcessingException {
        JsonNode chat = chatJson(read("""
                {"input":"x","text":{"format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true}}}"""));
        assertThat(chat.at("/response_format/type").asText()).isEqualTo("json_schema");
        assertThat(chat.at("/response_format/json_schema/name").asText()).isEqualTo("w");
        assertThat(chat.at("/response_format/json_schema/schema/type").asText()).isEqualTo("object");
        assertThat(chatJson(read("{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"text\"}}}"))
                        .has("response_format"))
                .isFalse();
    }

    @Test
    void includeAsksForLogprobs() throws JsonProcessingException {
        ChatCompletionRequest chat =
                read("{\"input\":\"x\",\"include\":[\"message.output_text.logprobs\"],\"top_logprobs\":3}")
                        .toChat();
        assertThat(chat.logprobCount()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{}|input",
                "{\"input\":\"\"}|input",
                "{\"input\":[]}|input",
                "{\"input\":5}|input",
                "{\"input\":[{\"type\":\"mystery\"}]}|input",
                "{\"input\":[{\"role\":\"robot\",\"content\":\"x\"}]}|input",
                "{\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_video\"}]}]}|input",
                "{\"input\":[{\"type\":\"function_call\",\"name\":\"f\"}]}|input",
                "{\"input\":[{\"type\":\"function_call_output\",\"output\":\"x\"}]}|input",
                "{\"input\":\"x\",\"max_output_tokens\":0}|max_output_tokens",
                "{\"input\":\"x\",\"previous_response_id\":\"resp_1\"}|previous_response_id",
                "{\"input\":\"x\",\"tools\":[{\"type\":\"web_search\"}]}|tools",
                "{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"yaml\"}}}|text",
                "{\"input\":\"x\",\"text\":\"plain\"}|text",
                "{\"input\":\"x\",\"metadata\":5}|metadata",
                "{\"input\":\"x\",\"text\":{\"format\":{\"type\":\"json_schema\"}}}|text",
            })
    void refusesWithTheFieldAtFault(String json, String param) throws JsonProcessingException {
        ResponsesRequest request = read(json);
        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo(param));
    }
}
