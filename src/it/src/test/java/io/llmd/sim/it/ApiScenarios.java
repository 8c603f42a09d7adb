package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fidelity to vLLM's OpenAI-compatible API beyond the basics: n, logprobs, usage options, prompt
 * forms, stop conditions, context limits, tools, structured output, the tokenizer endpoints,
 * the API key and request ids.
 */
abstract class ApiScenarios {
    static final String MODEL = "api-model";
    static final String KEY = "sk-sim-test";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "mode", "echo",
            "seed", "11",
            "max-model-len", "300",
            "api-key", KEY,
            "enable-request-id-headers", "true");
    static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Weather in a city",
             "parameters":{"type":"object","required":["city","unit","days"],"properties":{
               "city":{"type":"string","minLength":2},
               "unit":{"type":"string","enum":["celsius","fahrenheit"]},
               "days":{"type":"integer","minimum":1,"maximum":7},
               "hourly":{"type":"boolean"},
               "tags":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":3},
               "where":{"type":"object","required":["lat"],"properties":{"lat":{"type":"number","minimum":-90,"maximum":90}}}}}}}""";

    abstract URI base();

    SimClient client() {
        return new SimClient(base(), "Authorization", "Bearer " + KEY);
    }

    @Test
    void theApiKeyGuardsV1AndLeavesTheRestOpen() {
        SimClient anonymous = new SimClient(base());
        EndpointsScenarios.assertError(anonymous.get("/v1/models"), 401, "AuthenticationError", null);
        EndpointsScenarios.assertError(
                anonymous.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "")),
                401,
                "AuthenticationError",
                null);
        EndpointsScenarios.assertError(
                anonymous.withHeaders("Authorization", "Bearer wrong").get("/v1/models"),
                401,
                "AuthenticationError",
                null);
        assertThat(client().get("/v1/models").status()).isEqualTo(200);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/metrics").status()).isEqualTo(200);
        assertThat(anonymous.get("/version").json().path("version").asText()).isNotBlank();
    }

    @Test
    void anthropicsPathsTakeTheKeyAsXApiKeyTooAndNoOtherPathDoes() {
        String message = "{\"model\":\"" + MODEL
                + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"hi there\"}]}";
        SimClient anonymous = new SimClient(base());
        SimClient anthropic = new SimClient(base(), "X-Api-Key", KEY);
        assertThat(anthropic
                        .post("/v1/messages", message)
                        .json()
                        .at("/content/0/text")
                        .asText())
                .isEqualTo("hi there");
        assertThat(anthropic
                        .post("/v1/messages/count_tokens", message)
                        .json()
                        .path("input_tokens")
                        .asInt())
                .as("two words in the chat template")
                .isEqualTo(8);
        for (SimClient refused : List.of(anonymous, anonymous.withHeaders("X-Api-Key", "wrong"))) {
            for (String path : List.of("/v1/messages", "/v1/messages/count_tokens")) {
                SimClient.Reply reply = refused.post(path, message);
                assertThat(reply.status()).as(path).isEqualTo(401);
                assertThat(reply.json().path("type").asText()).as(path).isEqualTo("error");
                assertThat(reply.json().at("/error/type").asText()).as(path).isEqualTo("AuthenticationError");
            }
        }
        EndpointsScenarios.assertError(anthropic.get("/v1/models"), 401, "AuthenticationError", null);
        EndpointsScenarios.assertError(
                anthropic.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "")),
                401,
                "AuthenticationError",
                null);
    }

    @Test
    void theOfficialNodeSdksWork() {
        NodeSdkChecks.verify(base(), KEY, MODEL);
    }

    @Test
    void theApiKeyGuardsEverySpellingOfAGuardedPath() {
        String chat = SimClient.chat(MODEL, "hi", "");
        for (String path : List.of(
                "/v1;x/models",
                "/v1/models;x",
                "/v1;/models",
                "//v1/models",
                "/%76%31/models",
                "/v1/./models",
                "/v1%2Fmodels",
                "/x/../v1/models",
                "/v1/",
                "/v1",
                "/v2/models",
                "/inference/v1/generate")) {
            RawHttp.Answer reply = RawHttp.send(base(), "GET", path, null);
            // The container may refuse an ambiguous spelling itself (400) before the application sees it.
            assertThat(reply.status()).as("GET " + path).isIn(400, 401);
        }
        for (String path : List.of(
                "/v1;x/chat/completions",
                "/v1;x/completions",
                "/v1;x/unload_lora_adapter",
                "/v1;x/load_lora_adapter")) {
            RawHttp.Answer reply = RawHttp.send(
                    base(),
                    "POST",
                    path,
                    path.contains("lora") ? "{\"lora_name\":\"l1\",\"lora_path\":\"/p\"}" : chat,
                    "Content-Type: application/json");
            assertThat(reply.status()).as("POST " + path).isEqualTo(401);
            assertThat(reply.body()).contains("AuthenticationError");
        }
        assertThat(client().get("/v1/models").json().path("data")).hasSize(1);
    }

    @Test
    void theApiKeyTakesTheSchemeInAnyCaseAndLetsOptionsThrough() {
        assertThat(new SimClient(base(), "Authorization", "bearer " + KEY)
                        .get("/v1/models")
                        .status())
                .isEqualTo(200);
        assertThat(new SimClient(base(), "Authorization", "BEARER " + KEY)
                        .get("/v1/models")
                        .status())
                .isEqualTo(200);
        assertThat(new SimClient(base(), "Authorization", "Basic " + KEY)
                        .get("/v1/models")
                        .status())
                .isEqualTo(401);
        assertThat(new SimClient(base(), "Authorization", KEY).get("/v1/models").status())
                .isEqualTo(401);
        assertThat(RawHttp.send(base(), "OPTIONS", "/v1/models", null).status()).isNotEqualTo(401);
        assertThat(RawHttp.send(
                                base(),
                                "POST",
                                "/tokenize",
                                "{\"model\":\"" + MODEL + "\",\"prompt\":\"hi\"}",
                                "Content-Type: application/json")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aLoneSurrogateNeverFailsARequestNorLeaksItsPlace() throws InterruptedException {
        for (String extra :
                List.of(",\"echo\":true,\"stream\":true", ",\"echo\":true", ",\"stream\":true,\"logprobs\":2", "")) {
            SimClient.Reply reply = client().post(
                            "/v1/completions",
                            "{\"model\":\"" + MODEL + "\",\"prompt\":\"a\\ud800b \\udc00\",\"max_tokens\":3" + extra
                                    + "}");
            assertThat(reply.status()).as(extra + ": " + reply.body()).isIn(200, 400);
        }
        SimClient.Reply chat = client().post(
                        "/v1/chat/completions",
                        "{\"model\":\"" + MODEL
                                + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\\ud800\"}]}");
        assertThat(chat.status()).isIn(200, 400);
        SchedulingScenarios.awaitMetrics(
                client(),
                text -> SimClient.metric(text, "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}")
                        == 0);
    }

    @Test
    void requestIdsComeBack() {
        SimClient.Reply echoed = client().withHeaders("X-Request-Id", "req-123")
                .post("/v1/chat/completions", SimClient.chat(MODEL, "hi", ""));
        assertThat(echoed.header("X-Request-Id")).isEqualTo("req-123");
        assertThat(client().get("/v1/models").header("X-Request-Id")).isNotBlank();
    }

    @Test
    void nChoicesAreIndexedAndCountedInUsage() {
        JsonNode body = client().post("/v1/chat/completions", SimClient.chat(MODEL, "one two three", "\"n\":3"))
                .json();
        assertThat(body.path("choices")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(body.path("choices").get(i).path("index").asInt()).isEqualTo(i);
            assertThat(body.path("choices")
                            .get(i)
                            .path("message")
                            .path("content")
                            .asText())
                    .isEqualTo("one two three");
        }
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(9);

        SimClient.Stream stream = client().stream(
                "/v1/chat/completions", SimClient.chat(MODEL, "one two three", "\"n\":2,\"stream\":true"));
        StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
        for (SimClient.Event event : stream.events()) {
            if (!event.data().equals("[DONE]")) {
                JsonNode choice = event.json().path("choices").get(0);
                texts[choice.path("index").asInt()].append(
                        choice.path("delta").path("content").asText());
            }
        }
        assertThat(texts[0].toString()).isEqualTo("one two three");
        assertThat(texts[1].toString()).isEqualTo("one two three");
    }

    @Test
    void continuousUsageStatsRideOnEveryChunk() {
        SimClient.Stream stream = client().stream(
                "/v1/completions",
                "{\"model\":\"" + MODEL + "\",\"prompt\":"
                        + "\"a b c\",\"stream\":true,\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}}");
        List<SimClient.Event> events = stream.events();
        for (int i = 0; i < 3; i++) {
            assertThat(events.get(i)
                            .json()
                            .path("usage")
                            .path("completion_tokens")
                            .asInt())
                    .isEqualTo(i + 1);
            assertThat(events.get(i).json().path("usage").path("prompt_tokens").asInt())
                    .isEqualTo(3);
        }
        assertThat(events.get(3).json().path("choices")).isEmpty();
    }

    @Test
    void continuousUsageCountsEachChoiceOnItsOwnAndTheLastUsageSumsThem() {
        SimClient.Stream stream = client().stream(
                "/v1/chat/completions",
                SimClient.chat(
                        MODEL,
                        "a b c",
                        "\"n\":2,\"stream\":true,\"stream_options\":{\"include_usage\":true,\"continuous_usage_stats\":true}"));
        int[] seen = new int[2];
        JsonNode last = null;
        for (SimClient.Event event : stream.events()) {
            if (event.data().equals("[DONE]")) {
                continue;
            }
            JsonNode chunk = event.json();
            if (chunk.path("choices").isEmpty()) {
                last = chunk.path("usage");
                continue;
            }
            int index = chunk.path("choices").get(0).path("index").asInt();
            seen[index]++;
            assertThat(chunk.path("usage").path("completion_tokens").asInt()).isEqualTo(seen[index]);
        }
        assertThat(seen).containsExactly(3, 3);
        assertThat(last.path("completion_tokens").asInt()).isEqualTo(6);
    }

    @Test
    void echoWithLogprobsScoresThePromptTokensTooAsVllmDoes() {
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":\"red green blue\",\"echo\":true,\"logprobs\":2,"
                + "\"max_tokens\":3";
        JsonNode logprobs = client().post("/v1/completions", body + "}")
                .json()
                .path("choices")
                .get(0)
                .path("logprobs");
        assertThat(logprobs.path("tokens").toString())
                .isEqualTo("[\"red\",\" green\",\" blue\",\"red\",\" green\",\" blue\"]");
        assertThat(logprobs.path("token_logprobs").get(0).isNull()).isTrue();
        assertThat(logprobs.path("top_logprobs").get(0).isNull()).isTrue();
        assertThat(logprobs.path("top_logprobs").get(1)).hasSize(2);
        assertThat(logprobs.path("text_offset").toString()).isEqualTo("[0,3,9,14,17,23]");

        SimClient.Stream stream = client().stream("/v1/completions", body + ",\"stream\":true}");
        JsonNode first = stream.events().get(0).json().path("choices").get(0).path("logprobs");
        assertThat(first.path("tokens").toString()).isEqualTo("[\"red\",\" green\",\" blue\",\"red\"]");
        assertThat(first.path("token_logprobs").get(0).isNull()).isTrue();
    }

    @Test
    void chatLogprobsListEveryTokenWithItsTopAlternatives() {
        JsonNode body = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "red green blue", "\"logprobs\":true,\"top_logprobs\":3"))
                .json();
        JsonNode content = body.path("choices").get(0).path("logprobs").path("content");
        assertThat(content).hasSize(3);
        for (JsonNode token : content) {
            assertThat(token.path("logprob").asDouble()).isLessThanOrEqualTo(0);
            assertThat(token.path("bytes")).isNotEmpty();
            assertThat(token.path("top_logprobs")).hasSize(3);
            assertThat(token.path("top_logprobs").get(0).path("token").asText())
                    .isEqualTo(token.path("token").asText());
        }
        EndpointsScenarios.assertError(
                client().post(
                                "/v1/chat/completions",
                                SimClient.chat(MODEL, "x", "\"logprobs\":true,\"top_logprobs\":21")),
                400,
                "BadRequestError",
                "top_logprobs");

        SimClient.Stream stream = client().stream(
                "/v1/chat/completions",
                SimClient.chat(MODEL, "red green", "\"stream\":true,\"logprobs\":true,\"top_logprobs\":1"));
        assertThat(stream.events()
                        .get(0)
                        .json()
                        .path("choices")
                        .get(0)
                        .path("logprobs")
                        .path("content")
                        .get(0)
                        .path("token")
                        .asText())
                .isEqualTo("red");
    }

    @Test
    void completionLogprobsAreParallelLists() {
        JsonNode logprobs = client().post(
                        "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"red green blue\",\"logprobs\":2}")
                .json()
                .path("choices")
                .get(0)
                .path("logprobs");
        assertThat(logprobs.path("tokens")).hasSize(3);
        assertThat(logprobs.path("token_logprobs")).hasSize(3);
        assertThat(logprobs.path("top_logprobs")).hasSize(3);
        assertThat(logprobs.path("top_logprobs").get(0).size()).isEqualTo(2);
        assertThat(logprobs.path("text_offset").get(1).asInt()).isEqualTo(3);
    }

    @Test
    void completionPromptsMayBeListsOfStringsOrTokenIds() {
        JsonNode two = client().post(
                        "/v1/completions",
                        "{\"model\":\"" + MODEL + "\",\"prompt\":[\"first prompt\",\"second one here\"]}")
                .json();
        assertThat(two.path("choices")).hasSize(2);
        assertThat(two.path("choices").get(1).path("text").asText()).isEqualTo("second one here");
        assertThat(two.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);

        JsonNode ids = client().post("/tokenize", "{\"model\":\"" + MODEL + "\",\"prompt\":\"tokens as ids\"}")
                .json();
        JsonNode fromIds = client().post(
                        "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":" + ids.path("tokens") + "}")
                .json();
        assertThat(fromIds.path("choices").get(0).path("text").asText()).isEqualTo("tokens as ids");

        JsonNode echoed = client().post(
                        "/v1/completions", "{\"model\":\"" + MODEL + "\",\"prompt\":\"say this\",\"echo\":true}")
                .json();
        assertThat(echoed.path("choices").get(0).path("text").asText()).isEqualTo("say thissay this");
    }

    @Test
    void stopStringsAndTokensEndTheAnswer() {
        JsonNode stopped = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "one two three four", "\"stop\":[\"three\",\"zzz\"]"))
                .json()
                .path("choices")
                .get(0);
        assertThat(stopped.path("message").path("content").asText()).isEqualTo("one two ");
        assertThat(stopped.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(stopped.path("stop_reason").asText()).isEqualTo("three");

        JsonNode kept = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(
                                MODEL, "one two three four", "\"stop\":\"three\",\"include_stop_str_in_output\":true"))
                .json()
                .path("choices")
                .get(0);
        assertThat(kept.path("message").path("content").asText()).isEqualTo("one two three");

        int fourId = client().post("/tokenize", "{\"model\":\"" + MODEL + "\",\"prompt\":\"one two three four\"}")
                .json()
                .path("tokens")
                .get(3)
                .asInt();
        JsonNode byToken = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "one two three four", "\"stop_token_ids\":[" + fourId + "]"))
                .json()
                .path("choices")
                .get(0);
        assertThat(byToken.path("message").path("content").asText()).isEqualTo("one two three");
        assertThat(byToken.path("stop_reason").asInt()).isEqualTo(fourId);
    }

    @Test
    void ignoreEosRunsToMaxTokensAndMinTokensIsHonoured() {
        JsonNode full = client().post(
                        "/v1/chat/completions", SimClient.chat(MODEL, "short", "\"ignore_eos\":true,\"max_tokens\":25"))
                .json();
        assertThat(full.path("usage").path("completion_tokens").asInt()).isEqualTo(25);
        assertThat(full.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");

        JsonNode min = client().post(
                        "/v1/chat/completions", SimClient.chat(MODEL, "short", "\"min_tokens\":4,\"max_tokens\":10"))
                .json();
        assertThat(min.path("usage").path("completion_tokens").asInt()).isBetween(4, 10);
    }

    @Test
    void theContextLengthIsEnforcedWithVllmsMessages() {
        String longPrompt = "w ".repeat(300).trim();
        SimClient.Reply tooLong = client().post("/v1/chat/completions", SimClient.chat(MODEL, longPrompt, ""));
        EndpointsScenarios.assertError(tooLong, 400, "BadRequestError", "messages");
        assertThat(tooLong.json().path("error").path("message").asText())
                .contains("300")
                .contains("maximum context length");

        SimClient.Reply tooMuch = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "w ".repeat(100).trim(), "\"max_tokens\":250"));
        EndpointsScenarios.assertError(tooMuch, 400, "BadRequestError", "max_tokens");
        // 100 words and the chat template's 6 tokens, and 250 to generate.
        assertThat(tooMuch.json().path("error").path("message").asText())
                .contains("356 tokens (106 in the messages, 250 in the completion)");

        // 284 words and the template's 6 tokens leave 10 of the context to the answer.
        JsonNode capped = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "w ".repeat(284).trim(), "\"ignore_eos\":true"))
                .json();
        assertThat(capped.path("usage").path("completion_tokens").asInt()).isEqualTo(10);
        assertThat(capped.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void requiredToolChoiceCallsAFunctionWithSchemaValidArguments() throws Exception {
        for (int i = 0; i < 5; i++) {
            JsonNode choice = client().post(
                            "/v1/chat/completions",
                            SimClient.chat(
                                    MODEL,
                                    "weather in Paris?",
                                    "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"required\""))
                    .json()
                    .path("choices")
                    .get(0);
            assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
            JsonNode call = choice.path("message").path("tool_calls").get(0);
            assertThat(call.path("type").asText()).isEqualTo("function");
            assertThat(call.path("id").asText()).isNotBlank();
            assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
            assertWeatherArguments(SimClient.JSON.readTree(
                    call.path("function").path("arguments").asText()));
        }
    }

    @Test
    void toolCallsStreamTheirNameFirstThenArgumentFragments() throws Exception {
        SimClient.Stream stream = client().stream(
                "/v1/chat/completions",
                SimClient.chat(
                        MODEL,
                        "weather?",
                        "\"stream\":true,\"tools\":[" + WEATHER_TOOL + "],"
                                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
        List<SimClient.Event> events = stream.events();
        JsonNode first = events.get(0)
                .json()
                .path("choices")
                .get(0)
                .path("delta")
                .path("tool_calls")
                .get(0);
        assertThat(first.path("id").asText()).isNotBlank();
        assertThat(first.path("function").path("name").asText()).isEqualTo("get_weather");
        StringBuilder arguments = new StringBuilder();
        String finish = null;
        for (SimClient.Event event : events) {
            if (event.data().equals("[DONE]")) {
                continue;
            }
            JsonNode choice = event.json().path("choices").get(0);
            arguments.append(choice.path("delta")
                    .path("tool_calls")
                    .get(0)
                    .path("function")
                    .path("arguments")
                    .asText());
            if (!choice.path("finish_reason").isNull()) {
                finish = choice.path("finish_reason").asText();
            }
        }
        assertThat(finish).isEqualTo("tool_calls");
        assertWeatherArguments(SimClient.JSON.readTree(arguments.toString()));
    }

    @Test
    void toolChoiceNoneAnswersWithTextAndBadToolsAre400() {
        JsonNode none = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "plain", "\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"none\""))
                .json()
                .path("choices")
                .get(0);
        assertThat(none.path("message").path("content").asText()).isEqualTo("plain");
        EndpointsScenarios.assertError(
                client().post(
                                "/v1/chat/completions",
                                SimClient.chat(MODEL, "x", "\"tools\":[{\"type\":\"function\",\"function\":{}}]")),
                400,
                "BadRequestError",
                "tools");
        EndpointsScenarios.assertError(
                client().post(
                                "/v1/chat/completions",
                                SimClient.chat(
                                        MODEL,
                                        "x",
                                        "\"tools\":[" + WEATHER_TOOL
                                                + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"nope\"}}")),
                400,
                "BadRequestError",
                "tool_choice");
        String history = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"sunny\"}],\"tools\":[" + WEATHER_TOOL
                + "]}";
        assertThat(client().post("/v1/chat/completions", history).status()).isEqualTo(200);
    }

    @Test
    void responseFormatJsonSchemaGivesValidJson() throws Exception {
        String schema = "{\"type\":\"object\",\"required\":[\"name\",\"age\",\"tags\"],\"properties\":{"
                + "\"name\":{\"type\":\"string\"},\"age\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":120},"
                + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"minItems\":2,\"maxItems\":2}}}";
        String content = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(
                                MODEL,
                                "a person",
                                "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"p\",\"schema\":"
                                        + schema + "}}"))
                .json()
                .path("choices")
                .get(0)
                .path("message")
                .path("content")
                .asText();
        JsonNode person = SimClient.JSON.readTree(content);
        assertThat(person.path("name").isTextual()).isTrue();
        assertThat(person.path("age").asInt()).isBetween(0, 120);
        assertThat(person.path("tags")).hasSize(2);

        String object = client().post(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "any", "\"response_format\":{\"type\":\"json_object\"}"))
                .json()
                .path("choices")
                .get(0)
                .path("message")
                .path("content")
                .asText();
        assertThat(SimClient.JSON.readTree(object).isObject()).isTrue();
    }

    @Test
    void hostileSchemasAreRefusedOrAnsweredWithinMaxTokensAndTheServerLivesOn() {
        HostileSchemas.run(client(), MODEL);
        HostileSchemas.cutAtMaxTokens(client(), MODEL);
    }

    @Test
    void imagePartsCountAsPromptTokens() {
        String request = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"what is this\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}";
        JsonNode body = client().post("/v1/chat/completions", request).json();
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isGreaterThan(3);
        assertThat(body.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("what is this");
    }

    @Test
    void tokenizeCountsAsUsageDoesAndDetokenizeGoesBack() {
        String messages =
                "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi there!\"}]";
        int usage = client().post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":" + messages + "}")
                .json()
                .path("usage")
                .path("prompt_tokens")
                .asInt();
        JsonNode tokenized = client().post("/tokenize", "{\"model\":\"" + MODEL + "\",\"messages\":" + messages + "}")
                .json();
        assertThat(tokenized.path("count").asInt()).isEqualTo(usage);
        assertThat(tokenized.path("max_model_len").asInt()).isEqualTo(300);

        JsonNode ids = client().post("/tokenize", "{\"model\":\"" + MODEL + "\",\"prompt\":\"Round trip, please!\"}")
                .json()
                .path("tokens");
        JsonNode text = client().post("/detokenize", "{\"model\":\"" + MODEL + "\",\"tokens\":" + ids + "}")
                .json();
        assertThat(text.path("prompt").asText()).isEqualTo("Round trip, please!");
        EndpointsScenarios.assertError(
                client().post("/tokenize", "{\"model\":\"nope\",\"prompt\":\"x\"}"), 404, "NotFoundError", "model");
    }

    @Test
    void loraAdaptersLoadAndUnloadWhateverTheClientAccepts() {
        SimClient json = client().withHeaders("Accept", "application/json");
        SimClient.Reply loaded =
                json.post("/v1/load_lora_adapter", "{\"lora_name\":\"sdk-lora\",\"lora_path\":\"/adapters/sdk\"}");
        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.contentType()).startsWith("text/plain");
        assertThat(loaded.body()).isEqualTo("Success: LoRA adapter 'sdk-lora' added successfully.");
        assertThat(client().get("/v1/models").json().toString()).contains("\"id\":\"sdk-lora\"");
        assertThat(json.post("/v1/chat/completions", SimClient.chat("sdk-lora", "hi", ""))
                        .status())
                .isEqualTo(200);

        SimClient.Reply unloaded = client().withHeaders("Accept", "text/event-stream")
                .post("/v1/unload_lora_adapter", "{\"lora_name\":\"sdk-lora\"}");
        assertThat(unloaded.status()).as(unloaded.body()).isEqualTo(200);
        assertThat(client().get("/v1/models").body()).doesNotContain("sdk-lora");
    }

    @Test
    void everyEndpointAnswersInItsOneFormWhateverTheClientAccepts() {
        for (String accept : List.of("application/json", "text/plain", "text/event-stream", "text/html", ";;")) {
            SimClient client = client().withHeaders("Accept", accept);
            SimClient.Reply chat = client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", ""));
            assertThat(chat.status()).as(accept).isEqualTo(200);
            assertThat(chat.contentType()).startsWith("application/json");
            assertThat(client.get("/v1/models").status()).as(accept).isEqualTo(200);
            assertThat(client.get("/health").status()).as(accept).isEqualTo(200);
            EndpointsScenarios.assertError(
                    client.post("/v1/chat/completions", "{\"messages\":[]}"), 400, "BadRequestError", "messages");
        }
    }

    @Test
    void wrongJsonTypesAreRefusedNamingTheFieldAndLaxOnesConverted() {
        SimClient.Reply stream = client().post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"stream\":5"));
        EndpointsScenarios.assertError(stream, 400, "BadRequestError", "stream");
        assertThat(stream.json().path("error").path("message").asText())
                .isEqualTo("Invalid value for 'stream': Input should be a valid boolean, unable to interpret input");
        EndpointsScenarios.assertError(
                client().post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"temperature\":\"hot\"")),
                400,
                "BadRequestError",
                "temperature");
        EndpointsScenarios.assertError(
                client().post(
                                "/v1/chat/completions",
                                SimClient.chat(
                                        MODEL, "hi", "\"stream\":true,\"stream_options\":{\"include_usage\":[]}")),
                400,
                "BadRequestError",
                "stream_options");
        EndpointsScenarios.assertError(
                client().post("/v1/load_lora_adapter", "{\"lora_name\":123,\"lora_path\":\"/adapters/123\"}"),
                400,
                "BadRequestError",
                "lora_name");
        EndpointsScenarios.assertError(
                client().post("/tokenize", "{\"model\":5,\"prompt\":\"x\"}"), 400, "BadRequestError", "model");
        assertThat(client().get("/v1/models").body()).doesNotContain("\"123\"");

        SimClient.Reply lax = client().post(
                        "/v1/completions",
                        "{\"model\":\"" + MODEL + "\",\"prompt\":\"a b c d e f g\","
                                + "\"max_tokens\":\"5\",\"n\":1.0,\"echo\":\"no\",\"temperature\":\"0.5\",\"stream\":null}");
        assertThat(lax.status()).as(lax.body()).isEqualTo(200);
        assertThat(lax.json().path("usage").path("completion_tokens").asInt()).isEqualTo(5);
    }

    private static void assertWeatherArguments(JsonNode arguments) {
        assertThat(arguments.path("city").asText().length()).isGreaterThanOrEqualTo(2);
        assertThat(arguments.path("unit").asText()).isIn("celsius", "fahrenheit");
        assertThat(arguments.path("days").isInt()).isTrue();
        assertThat(arguments.path("days").asInt()).isBetween(1, 7);
        if (arguments.has("hourly")) {
            assertThat(arguments.path("hourly").isBoolean()).isTrue();
        }
        if (arguments.has("tags")) {
            assertThat(arguments.path("tags").size()).isBetween(1, 3);
        }
        if (arguments.has("where")) {
            assertThat(arguments.path("where").path("lat").asDouble()).isBetween(-90.0, 90.0);
        }
        List<String> allowed = new ArrayList<>(List.of("city", "unit", "days", "hourly", "tags", "where"));
        arguments.fieldNames().forEachRemaining(name -> assertThat(allowed).contains(name));
    }
}
