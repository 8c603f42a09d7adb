package io.llmd.sim.api;

import io.llmd.sim.core.TokenLogprob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Log probabilities in the two wire shapes: chat's {@code content} list and completions' parallel lists. */
public final class Logprobs {

    private Logprobs() {}

    /** Chat: {@code {"content": [...]}}. */
    public record Chat(List<ChatToken> content) {}

    /** One chat token with its top alternatives. */
    public record ChatToken(
            String token, double logprob, @Nullable List<Integer> bytes, List<Top> topLogprobs) {}

    /** An alternative token. */
    public record Top(
            String token, double logprob, @Nullable List<Integer> bytes) {}

    /** Completions: parallel lists per token. */
    public record Completion(
            List<Integer> textOffset,
            List<Double> tokenLogprobs,
            List<String> tokens,
            List<Map<String, Double>> topLogprobs) {}

    public static ChatToken chatToken(TokenLogprob token) {
        List<Top> top = new ArrayList<>();
        for (TokenLogprob.Alternative alternative : token.top()) {
            top.add(new Top(alternative.token(), alternative.logprob(), bytes(alternative.token())));
        }
        return new ChatToken(token.token(), token.logprob(), bytes(token.token()), top);
    }

    static @Nullable Chat chat(@Nullable List<TokenLogprob> tokens) {
        return tokens == null
                ? null
                : new Chat(tokens.stream().map(Logprobs::chatToken).toList());
    }

    /** Completions' lists for tokens starting at character {@code offset} of the text. */
    static Completion completion(List<TokenLogprob> tokens, int offset) {
        return completion(null, tokens, offset);
    }

    /**
     * Completions' lists for an echoed prompt's tokens (from character 0) followed by the answer's;
     * as in vLLM, the prompt's first token has no log probability and no alternatives.
     */
    public static Completion completion(@Nullable List<TokenLogprob> prompt, List<TokenLogprob> tokens, int offset) {
        List<Integer> offsets = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Map<String, Double>> tops = new ArrayList<>();
        if (prompt != null) {
            int at = 0;
            for (TokenLogprob token : prompt) {
                boolean first = offsets.isEmpty();
                offsets.add(at);
                at += token.token().length();
                values.add(first ? null : token.logprob());
                texts.add(token.token());
                tops.add(first ? null : top(token));
            }
        }
        int at = offset;
        for (TokenLogprob token : tokens) {
            offsets.add(at);
            at += token.token().length();
            values.add(token.logprob());
            texts.add(token.token());
            tops.add(top(token));
        }
        return new Completion(offsets, values, texts, tops);
    }

    /**
     * A position's alternatives as vLLM's completions list them: the chosen token first, then the
     * top N, so N + 1 entries when the chosen token is not among the top N (as with {@code logprobs: 0}).
     */
    private static Map<String, Double> top(TokenLogprob token) {
        Map<String, Double> top = new LinkedHashMap<>();
        top.put(token.token(), token.logprob());
        token.top().forEach(alternative -> top.putIfAbsent(alternative.token(), alternative.logprob()));
        return top;
    }

    private static List<Integer> bytes(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> out = new ArrayList<>(utf8.length);
        for (byte b : utf8) {
            out.add(b & 0xFF);
        }
        return out;
    }
}
