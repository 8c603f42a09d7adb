package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Loading and unloading adapters with missing, empty, duplicate, unknown and odd names, in an
 * order that leaves the server as it found it (the corpus server has adapter {@code l1}), so that
 * every pass meets the same state. As in vLLM: a missing name or path and a name already loaded
 * are 400s, an adapter not loaded cannot be unloaded.
 */
final class LoraCases {

    private LoraCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        Expect bad = Expect.status(400);
        load(cases, "empty-object", "{}", bad);
        load(cases, "name-only", "{\"lora_name\":\"c-a\"}", bad);
        load(cases, "path-only", "{\"lora_path\":\"/adapters/a\"}", bad);
        load(cases, "empty-name", "{\"lora_name\":\"\",\"lora_path\":\"/adapters/a\"}", bad);
        load(cases, "blank-name", "{\"lora_name\":\"   \",\"lora_path\":\"/adapters/a\"}", bad);
        load(cases, "empty-path", "{\"lora_name\":\"c-a\",\"lora_path\":\"\"}", bad);
        load(cases, "null-name", "{\"lora_name\":null,\"lora_path\":\"/adapters/a\"}", bad);
        load(cases, "configured-name-again", "{\"lora_name\":\"l1\",\"lora_path\":\"/adapters/l1\"}", bad);
        load(cases, "duplicate-first", "{\"lora_name\":\"c-dup\",\"lora_path\":\"/adapters/dup\"}", Expect.SERVED);
        load(cases, "duplicate-second", "{\"lora_name\":\"c-dup\",\"lora_path\":\"/adapters/dup\"}", bad);
        load(cases, "duplicate-other-path", "{\"lora_name\":\"c-dup\",\"lora_path\":\"/adapters/other\"}", bad);
        cases.add(HostileCase.of(
                "lora/chat-with-loaded",
                Route.CHAT.post(Route.CHAT.valid().with("model", "\"c-dup\"").text()),
                Expect.SERVED));
        unload(cases, "duplicate", "{\"lora_name\":\"c-dup\"}", Expect.SERVED);
        unload(cases, "duplicate-again", "{\"lora_name\":\"c-dup\"}", Expect.REFUSED);
        cases.add(HostileCase.of(
                "lora/chat-with-unloaded",
                Route.CHAT.post(Route.CHAT.valid().with("model", "\"c-dup\"").text()),
                Expect.status(404)));
        unload(cases, "never-loaded", "{\"lora_name\":\"c-never\"}", Expect.REFUSED);
        unload(cases, "empty-object", "{}", bad);
        unload(cases, "empty-name", "{\"lora_name\":\"\"}", bad);
        unload(cases, "base-model", "{\"lora_name\":\"" + Route.MODEL + "\"}", Expect.REFUSED);
        load(
                cases,
                "base-model-name",
                "{\"lora_name\":\"" + Route.MODEL + "\",\"lora_path\":\"/adapters/b\"}",
                Expect.ANY);
        unload(cases, "base-model-name", "{\"lora_name\":\"" + Route.MODEL + "\"}", Expect.ANY);
        cases.add(HostileCase.of(
                "lora/base-model-still-served",
                Route.CHAT.post(Route.CHAT.valid().text()),
                Expect.SERVED));
        for (String[] odd : new String[][] {
            {"100kb-name", "n".repeat(100_000)},
            {"newline-name", "a\\nb"},
            {"quote-name", "a\\\"b'c"},
            {"html-name", "<script>alert(1)</script>"},
            {"dot-dot-name", "../../etc"},
            {"slash-name", "a/b"},
            {"percent-name", "a%2Fb"},
            {"space-name", "a b"},
            {"nul-name", "a\\u0000b"},
            {"emoji-name", "\uD83D\uDE00"}
        }) {
            String name = "\"" + odd[1] + "\"";
            load(cases, odd[0], "{\"lora_name\":" + name + ",\"lora_path\":\"/adapters/odd\"}", Expect.ANY);
            cases.add(HostileCase.of("lora/models-after-" + odd[0], Wire.get("/v1/models"), Expect.SERVED));
            cases.add(HostileCase.of("lora/metrics-after-" + odd[0], Wire.get("/metrics"), Expect.SERVED));
            unload(cases, odd[0], "{\"lora_name\":" + name + "}", Expect.ANY);
        }
        load(
                cases,
                "extra-fields",
                "{\"lora_name\":\"c-extra\",\"lora_path\":\"/adapters/e\",\"load_inplace\":true,\"x\":[1]}",
                Expect.ANY);
        unload(cases, "extra-fields", "{\"lora_name\":\"c-extra\",\"lora_int_id\":7}", Expect.ANY);
        cases.add(HostileCase.of(
                "lora/configured-still-listed", Wire.get("/v1/models"), Expect.SERVED.withBody("\"l1\"")));
        return cases;
    }

    private static void load(List<HostileCase> cases, String name, String body, Expect expect) {
        cases.add(HostileCase.of("lora/load/" + name, Route.LOAD_LORA.post(body), expect));
    }

    private static void unload(List<HostileCase> cases, String name, String body, Expect expect) {
        cases.add(HostileCase.of("lora/unload/" + name, Route.UNLOAD_LORA.post(body), expect));
    }
}
