package io.llmd.sim.it;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Prompts the context cannot hold, token ids no vocabulary has, and token ids by the thousand.
 * The corpus servers have {@code --max-model-len 1024}.
 */
final class PromptCases {

    private PromptCases() {}

    static List<HostileCase> all() {
        List<HostileCase> cases = new ArrayList<>();
        RawJson chat = Route.CHAT.valid();
        RawJson completion = Route.COMPLETIONS.valid();
        Expect tooLong = Expect.status(400);
        cases.add(HostileCase.perPass(
                "prompt/chat/2000-words",
                pass -> Route.CHAT.post(
                        chat.with("messages", "[{\"role\":\"user\",\"content\":\"" + words(2000) + "\"}]")
                                .text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/chat/1021-words+max_tokens-4",
                pass -> Route.CHAT.post(
                        chat.with("messages", "[{\"role\":\"user\",\"content\":\"" + words(1021) + "\"}]")
                                .text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/chat/2000-messages",
                pass -> Route.CHAT.post(chat.with(
                                "messages",
                                "[" + "{\"role\":\"user\",\"content\":\"w\"},".repeat(1999)
                                        + "{\"role\":\"user\",\"content\":\"w\"}]")
                        .text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/chat/2000-words&stream",
                pass -> Route.CHAT.post(
                        chat.with("messages", "[{\"role\":\"user\",\"content\":\"" + words(2000) + "\"}]")
                                .with("stream", "true")
                                .text()),
                tooLong));
        cases.add(HostileCase.of(
                "prompt/chat/max_tokens-1024",
                Route.CHAT.post(chat.with("max_tokens", "1024").text()),
                tooLong));
        cases.add(HostileCase.of(
                "prompt/chat/max_completion_tokens-1024",
                Route.CHAT.post(chat.with("max_completion_tokens", "1024").text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/chat/1m-words",
                pass -> Route.CHAT.post(
                        chat.with("messages", "[{\"role\":\"user\",\"content\":\"" + words(1_000_000) + "\"}]")
                                .text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/completions/5000-words",
                pass -> Route.COMPLETIONS.post(
                        completion.with("prompt", "\"" + words(5000) + "\"").text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/completions/1m-words",
                pass -> Route.COMPLETIONS.post(completion
                        .with("prompt", "\"" + words(1_000_000) + "\"")
                        .text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/completions/list-one-too-long",
                pass -> Route.COMPLETIONS.post(completion
                        .with("prompt", "[\"fine\",\"" + words(2000) + "\"]")
                        .text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/completions/2000-ids",
                pass -> Route.COMPLETIONS.post(
                        completion.with("prompt", ids(2000, 1)).text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/completions/100k-ids",
                pass -> Route.COMPLETIONS.post(
                        completion.with("prompt", ids(100_000, 1)).text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/completions/100k-large-ids",
                pass -> Route.COMPLETIONS.post(
                        completion.with("prompt", ids(100_000, 1_000_000_000)).text()),
                tooLong));
        cases.add(HostileCase.perPass(
                "prompt/tokenize/1m-words",
                pass -> Route.TOKENIZE.post(Route.TOKENIZE
                        .valid()
                        .with("prompt", "\"" + words(1_000_000) + "\"")
                        .text()),
                Expect.ANY));

        // Token ids out of any vocabulary: those no 32-bit id can be are refused (vLLM: out of vocabulary), the rest
        // refused or served; never a 5xx.
        String[][] ids = {
            {"[-1]", "A"},
            {"[-2147483648]", "A"},
            {"[2147483647]", "A"},
            {"[0]", "A"},
            {"[[-1]]", "A"},
            {"[[2147483647],[0]]", "A"},
            {"[1,-5,2]", "A"},
            {"[2147483648]", "R"},
            {"[9223372036854775807]", "R"},
            {"[1e10]", "R"}
        };
        for (String[] row : ids) {
            String prompt = row[0];
            cases.add(HostileCase.of(
                    "prompt/completions/ids=" + prompt,
                    Route.COMPLETIONS.post(completion.with("prompt", prompt).text()),
                    row[1].equals("R") ? Expect.status(400) : Expect.ANY));
            cases.add(HostileCase.of(
                    "prompt/completions/ids=" + prompt + "&echo&logprobs",
                    Route.COMPLETIONS.post(completion
                            .with("prompt", prompt)
                            .with("echo", "true")
                            .with("logprobs", "2")
                            .text()),
                    Expect.ANY));
            cases.add(HostileCase.of(
                    "prompt/completions/ids=" + prompt + "&echo&stream",
                    Route.COMPLETIONS.post(completion
                            .with("prompt", prompt)
                            .with("echo", "true")
                            .with("stream", "true")
                            .text()),
                    Expect.ANY));
            cases.add(HostileCase.of(
                    "prompt/detokenize/ids=" + prompt,
                    Route.DETOKENIZE.post(
                            Route.DETOKENIZE.valid().with("tokens", prompt).text()),
                    Expect.ANY));
        }
        cases.add(HostileCase.perPass(
                "prompt/detokenize/50k-distinct-large-ids",
                pass -> Route.DETOKENIZE.post(Route.DETOKENIZE
                        .valid()
                        .with("tokens", ids(50_000, 2_000_000_000 - 50_000 * 3 * pass))
                        .text()),
                Expect.ANY));
        return cases;
    }

    /** {@code count} one-token words. */
    static String words(int count) {
        return "w ".repeat(count - 1) + "w";
    }

    /** A JSON list of {@code count} distinct ids from {@code first} up. */
    private static String ids(int count, int first) {
        StringJoiner list = new StringJoiner(",", "[", "]");
        for (int i = 0; i < count; i++) {
            list.add(Integer.toString(first + i));
        }
        return list.toString();
    }
}
