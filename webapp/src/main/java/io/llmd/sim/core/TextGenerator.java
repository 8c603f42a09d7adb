package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/** Makes up the tokens of an answer, in echo or random mode, and cuts it to the token limit. */
public final class TextGenerator {
    private static final int MAX_SENTENCES = 6;
    private final Mode mode;
    private final SeededRandom random;

    public TextGenerator(Mode mode, SeededRandom random) {
        this.mode = mode;
        this.random = random;
    }

    /**
     * The answer to a request.
     *
     * @param echoText  what echo mode answers with
     * @param maxTokens the most tokens the answer may have
     */
    public Answer answer(String echoText, int maxTokens) {
        String text = mode == Mode.ECHO ? echoText : randomText();
        List<String> tokens = Tokenizer.tokenize(text);
        if (tokens.size() > maxTokens) {
            return new Answer(List.copyOf(tokens.subList(0, maxTokens)), FinishReason.LENGTH);
        }
        return new Answer(tokens, FinishReason.STOP);
    }

    private String randomText() {
        int sentences = random.nextInt(1, MAX_SENTENCES + 1);
        List<String> parts = new ArrayList<>(sentences);
        for (int i = 0; i < sentences; i++) {
            parts.add(SentenceBank.SENTENCES.get(random.nextInt(SentenceBank.SENTENCES.size())));
        }
        return String.join(" ", parts);
    }

    /** An answer's tokens and why it ended. */
    public record Answer(List<String> tokens, FinishReason finishReason) {
        public Answer {
            tokens = List.copyOf(tokens);
        }

        public String text() {
            return String.join("", tokens);
        }
    }
}
