package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * vLLM's prefix caching as a cache-aware router sees it: a second prompt sharing three full blocks
 * with the first reports them as {@code cached_tokens} (whole and streamed, chat and completions, a
 * conversation's next turn),
 * its first token comes sooner, and the prefix-cache metrics add up to what usage reported.
 */
abstract class PrefixCacheScenarios {
    static final String MODEL = "pc-model";
    static final Map<String, String> SETTINGS = Map.of(
            "model", MODEL,
            "block-size", "16",
            "enable-prompt-tokens-details", "true",
            "prefill-time-per-token", "3",
            "inter-token-latency", "1");

    abstract URI base();

    /** 48 tokens of the built-in tokenizer (a word, then words with their leading space): three blocks. */
    private static String prefix(String tag) {
        return IntStream.range(0, 48).mapToObj(i -> tag + i).collect(Collectors.joining(" "));
    }

    private static String completion(String prompt, String extra) {
        return "{\"model\":\"" + MODEL + "\",\"prompt\":" + SimClient.quote(prompt) + ",\"max_tokens\":2" + extra + "}";
    }

    @Test
    void aChatSharingThreeBlocksReportsThemCachedAndAnswersSooner() {
        SimClient client = new SimClient(base());
        String prefix = prefix("c");

        SimClient.Reply first = client.post("/v1/chat/completions", SimClient.chat(MODEL, prefix + " first", ""));
        SimClient.Reply second = client.post("/v1/chat/completions", SimClient.chat(MODEL, prefix + " second one", ""));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("usage").has("prompt_tokens_details"))
                .as("nothing was cached: vLLM writes no details")
                .isFalse();
        assertThat(second.json()
                        .at("/usage/prompt_tokens_details/cached_tokens")
                        .asInt())
                .as(second.body())
                .isEqualTo(48);
        // The chat template adds 6 tokens: "<|im_start|>" "user" before the prefix, 4 after the message.
        assertThat(first.json().at("/usage/prompt_tokens").asInt()).isEqualTo(55);
        assertThat(first.elapsedNanos() / 1e6).as("55 tokens prefilled at 3 ms").isGreaterThanOrEqualTo(160);
        assertThat(second.elapsedNanos()).as("8 tokens prefilled").isLessThan(first.elapsedNanos() - 60_000_000L);
    }

    @Test
    void aConversationsSecondTurnHitsTheBlocksOfItsFirst() {
        SimClient client = new SimClient(base());
        String question = "{\"role\":\"user\",\"content\":" + SimClient.quote(prefix("t")) + "}";

        client.post("/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"messages\":[" + question + "]}");
        JsonNode second = client.post(
                        "/v1/chat/completions",
                        "{\"model\":\"" + MODEL + "\",\"messages\":[" + question
                                + ",{\"role\":\"assistant\",\"content\":\"an answer\"},"
                                + "{\"role\":\"user\",\"content\":\"and then?\"}]}")
                .json();

        // The chat template renders turn two as turn one's prompt and more: its 3 full blocks are hits.
        assertThat(second.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .as(second.toString())
                .isEqualTo(48);
    }

    @Test
    void aStreamedCompletionReportsCachedTokensInItsFinalUsage() {
        SimClient client = new SimClient(base());
        String prefix = prefix("s");
        client.post("/v1/completions", completion(prefix + " a", ""));

        SimClient.Stream stream = client.stream(
                "/v1/completions",
                completion(prefix + " b c", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        List<SimClient.Event> events = stream.events();
        JsonNode usage = events.get(events.size() - 2).json().path("usage");
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt())
                .as(stream.rawBody())
                .isEqualTo(48);
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(50);
    }

    @Test
    void aStreamedChatReportsCachedTokensInItsFinalUsage() {
        SimClient client = new SimClient(base());
        String prefix = prefix("sc");
        client.post("/v1/chat/completions", SimClient.chat(MODEL, prefix + " a", ""));

        SimClient.Stream stream = client.stream(
                "/v1/chat/completions",
                SimClient.chat(MODEL, prefix + " b c", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));

        List<SimClient.Event> events = stream.events();
        JsonNode usage = events.get(events.size() - 2).json().path("usage");
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt())
                .as(stream.rawBody())
                .isEqualTo(48);
    }

    /**
     * The Go simulator's cache-hit threshold: a prompt whose cached share is below the request's
     * {@code cache_hit_threshold} is answered at once without a token, by {@code cache_threshold};
     * its blocks stay cached, so the same prompt then passes. The header forces the outcome.
     */
    @Test
    void aRequestBelowItsCacheHitThresholdEndsAtOnceByCacheThreshold() {
        SimClient client = new SimClient(base());
        String prompt = prefix("h") + " a";
        String held = ",\"cache_hit_threshold\":0.5";

        JsonNode cold = client.post("/v1/completions", completion(prompt, held)).json();
        assertThat(cold.at("/choices/0/finish_reason").asText())
                .as(cold.toString())
                .isEqualTo("cache_threshold");
        assertThat(cold.at("/choices/0/text").asText()).isEmpty();
        assertThat(cold.at("/usage/completion_tokens").asInt()).isZero();
        assertThat(cold.at("/usage/prompt_tokens").asInt()).isEqualTo(49);

        JsonNode warm = client.post("/v1/completions", completion(prompt, held)).json();
        assertThat(warm.at("/choices/0/finish_reason").asText())
                .as(warm.toString())
                .isEqualTo("length");
        assertThat(warm.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(48);

        SimClient.Stream forced = new SimClient(base(), "X-Cache-Threshold-Finish-Reason", "true")
                .stream(
                        "/v1/chat/completions",
                        SimClient.chat(MODEL, "hello", "\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        List<SimClient.Event> events = forced.events();
        assertThat(events).as(forced.rawBody()).hasSize(3);
        assertThat(events.get(0).json().at("/choices/0/finish_reason").asText()).isEqualTo("cache_threshold");
        assertThat(events.get(0).json().at("/choices/0/delta/content").asText()).isEmpty();
        assertThat(events.get(1).json().at("/usage/completion_tokens").asInt()).isZero();
        assertThat(events.get(2).data()).isEqualTo("[DONE]");

        EndpointsScenarios.assertError(
                client.post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"cache_hit_threshold\":\"high\"")),
                400,
                "BadRequestError",
                "cache_hit_threshold");
    }

    @Test
    void tokenIdPromptsAreCachedByTheirIdsAndACacheSaltSeparatesThem() {
        SimClient client = new SimClient(base());
        String ids = IntStream.range(1000, 1040).mapToObj(Integer::toString).collect(Collectors.joining(","));
        String body = "{\"model\":\"" + MODEL + "\",\"prompt\":[" + ids + "],\"max_tokens\":1";

        client.post("/v1/completions", body + "}");
        JsonNode again = client.post("/v1/completions", body + "}").json();
        JsonNode salted = client.post("/v1/completions", body + ",\"cache_salt\":\"tenant-b\"}")
                .json();

        assertThat(again.at("/usage/prompt_tokens_details/cached_tokens").asInt())
                .isEqualTo(32);
        assertThat(salted.path("usage").has("prompt_tokens_details")).isFalse();
    }

    @Test
    void anEmptyCacheSaltIsABadRequest() {
        EndpointsScenarios.assertError(
                new SimClient(base()).post("/v1/chat/completions", SimClient.chat(MODEL, "hi", "\"cache_salt\":\"\"")),
                400,
                "BadRequestError",
                "cache_salt");
    }

    @Test
    void prefixCacheMetricsAddUpToTheUsageOfTheAnswers() {
        SimClient client = new SimClient(base());
        String prefix = prefix("m");
        String series = "{engine=\"0\",model_name=\"" + MODEL + "\"}";
        String before = client.get("/metrics").body();

        int prompts = 0;
        int cached = 0;
        for (String tail : List.of(" x", " y z", " x")) {
            JsonNode usage = client.post("/v1/chat/completions", SimClient.chat(MODEL, prefix + tail, ""))
                    .json()
                    .path("usage");
            prompts += usage.path("prompt_tokens").asInt();
            cached += usage.at("/prompt_tokens_details/cached_tokens").asInt();
        }
        String after = client.get("/metrics").body();

        assertThat(cached).isEqualTo(96);
        assertThat(SimClient.metric(after, "vllm:prefix_cache_queries_total" + series)
                        - SimClient.metric(before, "vllm:prefix_cache_queries_total" + series))
                .isEqualTo(prompts);
        assertThat(SimClient.metric(after, "vllm:prefix_cache_hits_total" + series)
                        - SimClient.metric(before, "vllm:prefix_cache_hits_total" + series))
                .isEqualTo(cached);
        assertThat(after).contains("enable_prefix_caching=\"True\"");
    }
}
