package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A field of the wrong JSON type is answered as vLLM answers it: pydantic (lax mode) converts a
 * few values, and refuses the rest with a 400 whose message names the field and whose param is
 * the top-level field. Every endpoint's request, nested fields included.
 */
class WrongJsonTypesTest {
    /** Each endpoint's body around the fields a row adds (later keys win over earlier ones). */
    private static final Map<String, String> BODIES = Map.of(
            "/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],%s}",
            "/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2,%s}",
            "/tokenize", "{%s}",
            "/detokenize", "{%s}",
            "/v1/load_lora_adapter", "{%s}",
            "/v1/unload_lora_adapter", "{%s}");

    private static InMemorySim sim;

    @BeforeAll
    static void start() {
        sim = new InMemorySim("--model", "m", "--mode", "echo", "--lora", "configured");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // endpoint           | fields                                        | status | param | the field named
                "/v1/chat/completions | \"stream\": 5                                 | 400 | stream | stream",
                "/v1/chat/completions | \"stream\": \"maybe\"                          | 400 | stream | stream",
                "/v1/chat/completions | \"stream\": [true]                             | 400 | stream | stream",
                "/v1/chat/completions | \"stream\": \"false\"                          | 200 | |",
                "/v1/chat/completions | \"stream\": 0                                  | 200 | |",
                "/v1/chat/completions | \"stream\": null                               | 200 | |",
                "/v1/chat/completions | \"max_tokens\": \"5\"                          | 200 | |",
                "/v1/chat/completions | \"max_tokens\": 5.0                            | 200 | |",
                "/v1/chat/completions | \"max_tokens\": 5.5                            | 400 | max_tokens | max_tokens",
                "/v1/chat/completions | \"max_tokens\": \"five\"                       | 400 | max_tokens | max_tokens",
                "/v1/chat/completions | \"max_completion_tokens\": {}                  | 400 | max_completion_tokens | max_completion_tokens",
                "/v1/chat/completions | \"n\": \"2\"                                   | 200 | |",
                "/v1/chat/completions | \"logprobs\": \"yes\", \"top_logprobs\": \"2\" | 200 | |",
                "/v1/chat/completions | \"ignore_eos\": 2                              | 400 | ignore_eos | ignore_eos",
                "/v1/chat/completions | \"model\": 5                                   | 400 | model | model",
                "/v1/chat/completions | \"temperature\": \"hot\"                       | 400 | temperature | temperature",
                "/v1/chat/completions | \"temperature\": \"0.5\", \"top_p\": 1          | 200 | |",
                "/v1/chat/completions | \"top_k\": 1.5                                 | 400 | top_k | top_k",
                "/v1/chat/completions | \"seed\": \"42\"                               | 200 | |",
                "/v1/chat/completions | \"user\": 5                                    | 400 | user | user",
                "/v1/chat/completions | \"logit_bias\": {\"50256\": -100}               | 200 | |",
                "/v1/chat/completions | \"logit_bias\": {\"50256\": \"x\"}              | 400 | logit_bias | logit_bias.50256",
                "/v1/chat/completions | \"logit_bias\": [1]                            | 400 | logit_bias | logit_bias",
                "/v1/chat/completions | \"use_beam_search\": null                      | 400 | use_beam_search | use_beam_search",
                "/v1/chat/completions | \"skip_special_tokens\": \"off\"               | 200 | |",
                "/v1/chat/completions | \"parallel_tool_calls\": \"sometimes\"         | 400 | parallel_tool_calls | parallel_tool_calls",
                "/v1/chat/completions | \"documents\": [{\"title\": 5}]                | 400 | documents | documents[0].title",
                "/v1/chat/completions | \"chat_template_kwargs\": [1]                  | 400 | chat_template_kwargs | chat_template_kwargs",
                "/v1/chat/completions | \"chat_template_kwargs\": {\"x\": null}        | 200 | |",
                "/v1/chat/completions | \"stop_token_ids\": [\"7\", 8.0]               | 200 | |",
                "/v1/chat/completions | \"stop_token_ids\": [1.5]                      | 400 | stop_token_ids | stop_token_ids[0]",
                "/v1/chat/completions | \"stop_token_ids\": 7                          | 400 | stop_token_ids | stop_token_ids",
                "/v1/chat/completions | \"stream\": true, \"stream_options\": {\"include_usage\": \"maybe\"} | 400 | stream_options | stream_options.include_usage",
                "/v1/chat/completions | \"stream_options\": 5                          | 400 | stream_options | stream_options",
                "/v1/chat/completions | \"messages\": \"hi\"                           | 400 | messages | messages",
                "/v1/chat/completions | \"messages\": [5]                              | 400 | messages | messages[0]",
                "/v1/chat/completions | \"messages\": [null]                           | 400 | messages | messages[0]",
                "/v1/chat/completions | \"messages\": [{\"role\": 5, \"content\": \"hi\"}] | 400 | messages | messages[0].role",
                "/v1/chat/completions | \"messages\": [{\"role\": \"user\", \"content\": \"hi\", \"name\": 5}] | 400 | messages | messages[0].name",
                "/v1/chat/completions | \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": 5}]}] | 400 | messages |",
                "/v1/chat/completions | \"tools\": [{\"type\": \"function\", \"function\": {\"name\": 5}}] | 400 | tools |",
                "/v1/chat/completions | \"tools\": [{\"function\": {\"name\": \"f\"}}]  | 200 | |",
                "/v1/chat/completions | \"response_format\": {\"type\": 5}             | 400 | response_format |",
                "/v1/chat/completions | \"kv_transfer_params\": 5                      | 400 | kv_transfer_params |",
                "/v1/chat/completions | \"brand_new\": [1, {\"x\": null}]              | 200 | |",
                "/v1/completions      | \"prompt\": 5                                  | 400 | prompt |",
                "/v1/completions      | \"prompt\": [1.0, 2.0]                         | 200 | |",
                "/v1/completions      | \"prompt\": [\"a\", 1]                         | 400 | prompt |",
                "/v1/completions      | \"max_tokens\": \"3\", \"n\": 1.0               | 200 | |",
                "/v1/completions      | \"max_tokens\": true                          | 200 | |",
                "/v1/completions      | \"echo\": \"yes\", \"logprobs\": \"1\"        | 200 | |",
                "/v1/completions      | \"echo\": 2                                    | 400 | echo | echo",
                "/v1/completions      | \"logprobs\": 1.5                              | 400 | logprobs | logprobs",
                "/v1/completions      | \"suffix\": 5                                  | 400 | suffix | suffix",
                "/v1/completions      | \"priority\": \"1\", \"request_id\": \"r\"    | 200 | |",
                "/v1/completions      | \"request_id\": 7                              | 400 | request_id | request_id",
                "/tokenize            | \"prompt\": \"a b\", \"add_special_tokens\": \"true\" | 200 | |",
                "/tokenize            | \"prompt\": \"a b\", \"add_special_tokens\": null     | 400 | add_special_tokens | add_special_tokens",
                "/tokenize            | \"prompt\": 5                                  | 400 | prompt |",
                "/tokenize            | \"prompt\": \"a\", \"model\": 5                | 400 | model | model",
                "/tokenize            | \"messages\": [{\"role\": \"user\", \"content\": 5}] | 400 | messages |",
                "/tokenize            | \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}], \"return_token_strs\": \"x\" | 400 | return_token_strs | return_token_strs",
                "/detokenize          | \"tokens\": [\"1\", 2.0, 3]                    | 200 | |",
                "/detokenize          | \"tokens\": [1.5]                              | 400 | tokens | tokens[0]",
                "/detokenize          | \"tokens\": \"1\"                              | 400 | tokens | tokens",
                "/v1/load_lora_adapter | \"lora_name\": \"fresh\", \"lora_path\": \"/a/fresh\" | 200 | |",
                "/v1/load_lora_adapter | \"lora_name\": 123, \"lora_path\": \"/a/123\"  | 400 | lora_name | lora_name",
                "/v1/load_lora_adapter | \"lora_name\": \"x\", \"lora_path\": [\"/a\"]  | 400 | lora_path | lora_path",
                "/v1/unload_lora_adapter | \"lora_name\": 123                           | 400 | lora_name | lora_name",
                "/v1/unload_lora_adapter | \"lora_name\": \"configured\"                | 200 | |",
            })
    void answersAsVllmDoes(String endpoint, String fields, int status, String param, String named) {
        InMemorySim.Reply reply = sim.post(endpoint, BODIES.get(endpoint).formatted(fields));

        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        if (status == 400) {
            assertThat(reply.body())
                    .contains("\"type\":\"BadRequestError\"", "\"code\":400", "\"param\":\"" + param + "\"");
            if (named != null) {
                assertThat(reply.body()).contains("\"message\":\"Invalid value for '" + named + "': Input should be");
            }
        }
    }
}
