package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Requests each of whose parts fits the context but which together never fit the KV cache
 * ({@code --kv-cache-size 1024} blocks of 16 tokens: 16,384 tokens): refused or served, never left
 * waiting at the head of the queue with every later request behind them. They run last, so that
 * a server they wedge leaves the rest of the report whole.
 */
final class CapacityCases {

    private CapacityCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        String prompt900 = "\"" + PromptCases.words(900) + "\"";
        String twenty = "[" + (prompt900 + ",").repeat(19) + prompt900 + "]";
        cases.add(HostileCase.of(
                "capacity/completions/20-prompts-of-900-tokens",
                Route.COMPLETIONS.post(
                        Route.COMPLETIONS.valid().with("prompt", twenty).text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "capacity/completions/20-prompts-of-900-tokens&stream",
                Route.COMPLETIONS.post(Route.COMPLETIONS
                        .valid()
                        .with("prompt", twenty)
                        .with("stream", "true")
                        .text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "capacity/completions/n=20-of-900-tokens",
                Route.COMPLETIONS.post(Route.COMPLETIONS
                        .valid()
                        .with("prompt", prompt900)
                        .with("n", "20")
                        .text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "capacity/chat/n=20-of-900-tokens",
                Route.CHAT.post(Route.CHAT
                        .valid()
                        .with("messages", "[{\"role\":\"user\",\"content\":" + prompt900 + "}]")
                        .with("n", "20")
                        .text()),
                Expect.ANY));
        cases.add(HostileCase.of(
                "capacity/chat/n=128-max_tokens-1000",
                Route.CHAT.post(Route.CHAT
                        .valid()
                        .with("n", "128")
                        .with("max_tokens", "1000")
                        .text()),
                Expect.ANY));
        return cases;
    }
}
