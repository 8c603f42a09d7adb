package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Lone UTF-16 surrogates ({@code "\ud800"}: valid JSON, but no Unicode text) in every string field,
 * whole and streamed, with echo and logprobs, which copy the input into the answer. vLLM refuses
 * such input or replaces it; it must never fail after admission, where a failure once leaked the
 * request's running slot.
 */
final class UnicodeCases {
    /** Escaped as JSON writes them: a high surrogate alone, a low one alone, a reversed pair, one at the very end. */
    private static final String[] LONE = {"a\\ud800b", "a\\udc00b", "a\\udc00\\ud800b", "abc\\ud800"};

    private static final String S = "\"" + LONE[0] + "\"";

    private UnicodeCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        RawJson chat = Route.CHAT.valid();
        String content = "[{\"role\":\"user\",\"content\":%s}]";
        for (int i = 0; i < LONE.length; i++) {
            add(cases, "chat/content-" + i, chat.with("messages", content.formatted("\"" + LONE[i] + "\"")));
        }
        add(
                cases,
                "chat/content&logprobs",
                chat.with("messages", content.formatted(S))
                        .with("logprobs", "true")
                        .with("top_logprobs", "2")
                        .with("n", "2"));
        add(cases, "chat/model", chat.with("model", S));
        add(
                cases,
                "chat/content-part",
                chat.with("messages", content.formatted("[{\"type\":\"text\",\"text\":" + S + "}]")));
        add(cases, "chat/role", chat.with("messages", "[{\"role\":" + S + ",\"content\":\"hi\"}]"));
        add(cases, "chat/name", chat.with("messages", "[{\"role\":\"user\",\"name\":" + S + ",\"content\":\"hi\"}]"));
        add(
                cases,
                "chat/system-content",
                chat.with(
                        "messages",
                        "[{\"role\":\"system\",\"content\":" + S + "},{\"role\":\"user\",\"content\":\"hi\"}]"));
        add(cases, "chat/stop", chat.with("stop", S));
        add(cases, "chat/stop-list", chat.with("stop", "[" + S + "]"));
        add(cases, "chat/user", chat.with("user", S));
        add(cases, "chat/logit-bias-key", chat.with("logit_bias", "{" + S + ":1}"));
        add(
                cases,
                "chat/tool-name",
                chat.with("tools", "[{\"type\":\"function\",\"function\":{\"name\":" + S + "}}]")
                        .with("tool_choice", "\"required\""));
        add(
                cases,
                "chat/tool-description",
                chat.with("tools", "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":" + S + "}}]")
                        .with("tool_choice", "\"required\""));
        add(
                cases,
                "chat/tool-enum",
                chat.with(
                                "tools",
                                "[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                                        + "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\",\"enum\":["
                                        + S + "]}},\"required\":[\"a\"]}}}]")
                        .with("tool_choice", "\"required\""));
        add(
                cases,
                "chat/tool-property-name",
                chat.with(
                                "tools",
                                "[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                                        + "\"parameters\":{\"type\":\"object\",\"properties\":{" + S
                                        + ":{\"type\":\"integer\"}},\"required\":[" + S + "]}}}]")
                        .with("tool_choice", "\"required\""));
        add(
                cases,
                "chat/tool-choice-name",
                chat.with("tools", "[{\"type\":\"function\",\"function\":{\"name\":" + S + "}}]")
                        .with("tool_choice", "{\"type\":\"function\",\"function\":{\"name\":" + S + "}}"));
        add(
                cases,
                "chat/schema-enum",
                chat.with(
                        "response_format",
                        jsonSchema("{\"type\":\"object\",\"properties\":{\"a\":{\"enum\":[" + S
                                + "]}},\"required\":[\"a\"]}")));
        add(cases, "chat/schema-const", chat.with("response_format", jsonSchema("{\"const\":" + S + "}")));
        add(
                cases,
                "chat/schema-property-name",
                chat.with(
                        "response_format",
                        jsonSchema("{\"type\":\"object\",\"properties\":{" + S
                                + ":{\"type\":\"string\"}},\"required\":[" + S + "]}")));
        add(
                cases,
                "chat/schema-name",
                chat.with(
                        "response_format",
                        "{\"type\":\"json_schema\",\"json_schema\":{\"name\":" + S
                                + ",\"schema\":{\"type\":\"string\"}}}"));

        RawJson completion = Route.COMPLETIONS.valid();
        for (int i = 0; i < LONE.length; i++) {
            RawJson prompt = completion.with("prompt", "\"" + LONE[i] + "\"");
            addCompletion(cases, "completions/prompt-" + i + "&echo", prompt.with("echo", "true"));
            addCompletion(
                    cases,
                    "completions/prompt-" + i + "&echo&logprobs",
                    prompt.with("echo", "true").with("logprobs", "2"));
        }
        addCompletion(cases, "completions/prompt", completion.with("prompt", S));
        addCompletion(
                cases,
                "completions/prompt&logprobs",
                completion.with("prompt", S).with("logprobs", "2"));
        addCompletion(
                cases,
                "completions/prompt-list&echo",
                completion.with("prompt", "[" + S + ",\"fine\"]").with("echo", "true"));
        addCompletion(cases, "completions/model", completion.with("model", S));
        addCompletion(cases, "completions/stop", completion.with("stop", S));
        addCompletion(cases, "completions/suffix", completion.with("suffix", S));
        addCompletion(cases, "completions/user", completion.with("user", S));

        RawJson tokenize = Route.TOKENIZE.valid();
        cases.add(HostileCase.of(
                "unicode/tokenize/prompt",
                Route.TOKENIZE.post(tokenize.with("prompt", S).text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/tokenize/prompt&token-strs",
                Route.TOKENIZE.post(tokenize.with("prompt", S)
                        .with("return_token_strs", "true")
                        .text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/tokenize/messages",
                Route.TOKENIZE.post(tokenize.with("prompt", null)
                        .with("messages", content.formatted(S))
                        .text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/tokenize/model",
                Route.TOKENIZE.post(tokenize.with("model", S).text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/detokenize/model",
                Route.DETOKENIZE.post(Route.DETOKENIZE.valid().with("model", S).text()),
                Expect.ANY));
        // An adapter loaded under such a name would then break every list of models: unloaded again after.
        cases.add(HostileCase.of(
                "unicode/load-lora/name",
                Route.LOAD_LORA.post(RawJson.of("lora_name", S, "lora_path", "\"/adapters/u\"")
                        .text()),
                Expect.ANY));
        cases.add(HostileCase.of("unicode/models-after-load", Wire.get("/v1/models"), Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/unload-lora/name",
                Route.UNLOAD_LORA.post(RawJson.of("lora_name", S).text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/load-lora/path",
                Route.LOAD_LORA.post(RawJson.of("lora_name", "\"surrogate-path\"", "lora_path", S)
                        .text()),
                Expect.ANY));
        cases.add(HostileCase.of("unicode/models-after-path", Wire.get("/v1/models"), Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/unload-lora/path",
                Route.UNLOAD_LORA.post(
                        RawJson.of("lora_name", "\"surrogate-path\"").text()),
                Expect.ANY));
        return cases;
    }

    /** A chat case, whole and streamed. */
    private static void add(List<HostileCase> cases, String name, RawJson body) {
        cases.add(HostileCase.of("unicode/" + name, Route.CHAT.post(body.text()), Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/" + name + "&stream",
                Route.CHAT.post(body.with("stream", "true").text()),
                Expect.ANY));
    }

    /** A completions case, whole and streamed (with usage, which counts the prompt). */
    private static void addCompletion(List<HostileCase> cases, String name, RawJson body) {
        cases.add(HostileCase.of("unicode/" + name, Route.COMPLETIONS.post(body.text()), Expect.ANY));
        cases.add(HostileCase.of(
                "unicode/" + name + "&stream",
                Route.COMPLETIONS.post(body.with("stream", "true")
                        .with("stream_options", "{\"include_usage\":true}")
                        .text()),
                Expect.ANY));
    }

    private static String jsonSchema(String schema) {
        return "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"s\",\"schema\":" + schema + "}}";
    }
}
