package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Huge words never seen before, new in every pass: a tokenizer that remembers every word it meets
 * grows by what they weigh (36 MiB a pass for each route that keeps them, 144 MiB for all four),
 * which the corpus's heap comparison between passes sees. Each word is one token of 3 MiB,
 * within the default 4 MiB body limit.
 */
final class MemoryCases {
    static final int WORDS_PER_ROUTE = 12;
    static final int WORD_BYTES = 3 << 20;

    private MemoryCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        for (int i = 0; i < WORDS_PER_ROUTE; i++) {
            int index = i;
            cases.add(HostileCase.perPass(
                    "memory/tokenize/unique-3mb-word-" + i,
                    pass -> Route.TOKENIZE.post(Route.TOKENIZE
                            .valid()
                            .with("prompt", "\"" + word(pass, "t", index) + "\"")
                            .text()),
                    Expect.SERVED));
            cases.add(HostileCase.perPass(
                    "memory/tokenize/messages-unique-3mb-word-" + i,
                    pass -> Route.TOKENIZE.post(Route.TOKENIZE
                            .valid()
                            .with("prompt", null)
                            .with("messages", "[{\"role\":\"user\",\"content\":\"" + word(pass, "m", index) + "\"}]")
                            .text()),
                    Expect.SERVED));
            cases.add(HostileCase.perPass(
                    "memory/completions/unique-3mb-word-" + i,
                    pass -> Route.COMPLETIONS.post(Route.COMPLETIONS
                            .valid()
                            .with("prompt", "\"" + word(pass, "c", index) + "\"")
                            .with("max_tokens", "1")
                            .text()),
                    Expect.ANY));
            cases.add(HostileCase.perPass(
                    "memory/chat/unique-3mb-word-" + i,
                    pass -> Route.CHAT.post(Route.CHAT
                            .valid()
                            .with("messages", "[{\"role\":\"user\",\"content\":\"" + word(pass, "h", index) + "\"}]")
                            .with("max_tokens", "1")
                            .text()),
                    Expect.ANY));
        }
        return cases;
    }

    /** One token (letters and digits only) of 3 MiB, unique to its pass, route and index. */
    private static String word(int pass, String route, int index) {
        String head = "p" + pass + route + index + "x";
        return head + "q".repeat(WORD_BYTES - head.length());
    }
}
