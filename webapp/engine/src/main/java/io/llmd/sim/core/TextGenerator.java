package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Makes up the tokens of an answer, in echo or random mode, and ends it as vLLM would: at a stop
 * string or stop token, at the token limit, or where the text ends by itself (never before
 * {@code min_tokens}, and never with {@code ignore_eos}).
 */
public final class TextGenerator {
    private static final int MAX_SENTENCES = 6;
    private final Mode mode;
    private final SeededRandom random;
    private final Vocabulary vocabulary;

    public TextGenerator(Mode mode, SeededRandom random, Vocabulary vocabulary) {
        this.mode = mode;
        this.random = random;
        this.vocabulary = vocabulary;
    }

    /**
     * The answer to a request.
     *
     * @param echoText  what echo mode answers with
     * @param maxTokens the most tokens the answer may have
     */
    public Answer answer(String echoText, int maxTokens) {
        return answer(echoText, maxTokens, GenerationRequest.Sampling.DEFAULT);
    }

    /** The answer to a request, ended as {@code sampling} says. */
    public Answer answer(String echoText, int maxTokens, GenerationRequest.Sampling sampling) {
        int wanted = sampling.ignoreEos() ? maxTokens : Math.min(maxTokens, Math.max(sampling.minTokens(), 0));
        // How the answer ends needs its first maxTokens tokens and whether there is one more: a long
        // echoed prompt is not split further.
        int needed = maxTokens == Integer.MAX_VALUE ? maxTokens : maxTokens + 1;
        List<String> tokens = new ArrayList<>(Tokenizer.tokenize(nextText(echoText), needed));
        while (tokens.size() < wanted && !(mode == Mode.ECHO && echoText.isEmpty())) {
            tokens.addAll(Tokenizer.tokenize(" " + nextText(echoText).stripLeading(), needed - tokens.size()));
        }
        return end(tokens, maxTokens, sampling);
    }

    /**
     * A recorded answer ({@code --dataset-path}), already cut to {@code maxTokens}, ended by the
     * request's stop strings and tokens as a made-up one is; one shorter than {@code min_tokens} is
     * filled up with made-up tokens. One that reaches the limit ends by {@code length}, as the Go
     * simulator says: the model would have gone on.
     */
    public Answer recorded(List<String> recorded, int maxTokens, GenerationRequest.Sampling sampling) {
        List<String> tokens = new ArrayList<>(recorded);
        int wanted = Math.min(maxTokens, Math.max(sampling.minTokens(), 0));
        if (tokens.size() < wanted) {
            tokens.addAll(filler(wanted - tokens.size()));
        }
        Answer answer = end(tokens, maxTokens, sampling);
        if (answer.finishReason() == FinishReason.STOP
                && answer.stopReason() == null
                && answer.tokens().size() == maxTokens) {
            return new Answer(answer.tokens(), FinishReason.LENGTH, null);
        }
        return answer;
    }

    /** {@code count} made-up tokens of the sentence bank, to fill a recorded answer up. */
    public List<String> filler(int count) {
        List<String> tokens = new ArrayList<>(count);
        while (tokens.size() < count) {
            String sentence = SentenceBank.SENTENCES.get(random.nextInt(SentenceBank.SENTENCES.size()));
            tokens.addAll(Tokenizer.tokenize(" " + sentence));
        }
        return new ArrayList<>(tokens.subList(0, count));
    }

    /** Ends a tool call's or a JSON answer's tokens at the limit. */
    public static Answer structured(String text, int maxTokens, FinishReason natural) {
        List<String> tokens = Tokenizer.tokenize(text);
        if (tokens.size() > maxTokens) {
            return new Answer(tokens.subList(0, maxTokens), FinishReason.LENGTH, null);
        }
        return new Answer(tokens, natural, null);
    }

    private Answer end(List<String> tokens, int maxTokens, GenerationRequest.Sampling sampling) {
        int minTokens = Math.max(sampling.minTokens(), 0);
        Answer byToken = null;
        int tokenStopChars = Integer.MAX_VALUE;
        for (int i = minTokens;
                i < tokens.size() && i < maxTokens && !sampling.stopTokenIds().isEmpty();
                i++) {
            int id = vocabulary.id(tokens.get(i));
            if (sampling.stopTokenIds().contains(id)) {
                byToken = new Answer(tokens.subList(0, i), FinishReason.STOP, id);
                tokenStopChars = byToken.text().length();
                break;
            }
        }
        Answer byString = sampling.stop().isEmpty() ? null : endAtStopString(tokens, maxTokens, minTokens, sampling);
        // Whichever stop comes first in the text ends the answer.
        if (byString != null && (byToken == null || stopStart(byString, sampling) < tokenStopChars)) {
            return byString;
        }
        if (byToken != null) {
            return byToken;
        }
        if (tokens.size() > maxTokens) {
            return new Answer(tokens.subList(0, maxTokens), FinishReason.LENGTH, null);
        }
        if (sampling.ignoreEos()) {
            return new Answer(tokens, FinishReason.LENGTH, null);
        }
        return new Answer(tokens, FinishReason.STOP, null);
    }

    /** Where the stop string that ended an answer began, in characters. */
    private static int stopStart(Answer stopped, GenerationRequest.Sampling sampling) {
        int length = stopped.text().length();
        return sampling.includeStopString()
                ? length - String.valueOf(stopped.stopReason()).length()
                : length;
    }

    /** The answer cut at the first stop string that ends after min_tokens and within the limit, or null. */
    private static @Nullable Answer endAtStopString(
            List<String> tokens, int maxTokens, int minTokens, GenerationRequest.Sampling sampling) {
        String text = String.join("", tokens.subList(0, Math.min(tokens.size(), maxTokens)));
        int minChars = String.join("", tokens.subList(0, Math.min(minTokens, tokens.size())))
                .length();
        int best = -1;
        String bestStop = "";
        for (String stop : sampling.stop()) {
            if (stop.isEmpty()) {
                continue;
            }
            int at = text.indexOf(stop, minChars);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
                bestStop = stop;
            }
        }
        if (best < 0) {
            return null;
        }
        String kept = text.substring(0, sampling.includeStopString() ? best + bestStop.length() : best);
        return new Answer(Tokenizer.tokenize(kept), FinishReason.STOP, bestStop);
    }

    private String nextText(String echoText) {
        if (mode == Mode.ECHO) {
            return echoText;
        }
        int sentences = random.nextInt(1, MAX_SENTENCES + 1);
        List<String> parts = new ArrayList<>(sentences);
        for (int i = 0; i < sentences; i++) {
            parts.add(SentenceBank.SENTENCES.get(random.nextInt(SentenceBank.SENTENCES.size())));
        }
        return String.join(" ", parts);
    }

    /** An answer's tokens, why it ended, and the stop string or token id that ended it (or null). */
    public record Answer(
            List<String> tokens,
            FinishReason finishReason,
            @Nullable Object stopReason) {
        public Answer {
            tokens = List.copyOf(tokens);
        }

        public String text() {
            return String.join("", tokens);
        }
    }
}
