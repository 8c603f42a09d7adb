package io.llmd.sim.core;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Chooses a recorded answer for a prompt as the Go simulator does: one of the answers recorded for
 * the same prompt, else a random one of a fitting length. With a token limit L (the request's
 * {@code max_tokens}, else what the context leaves): a recorded answer of at most L tokens if
 * there is one, else a longer one cut at L; with {@code ignore_eos}, one of exactly L tokens,
 * else a longer one cut, else a shorter one filled up with made-up tokens. The draws come from the
 * engine's seeded generator, so that {@code --seed} repeats them.
 */
public final class RecordedAnswerPicker {
    private final RecordedAnswers store;
    private final SeededRandom random;
    private final Vocabulary vocabulary;
    private final IntFunction<List<String>> filler;

    /**
     * @param vocabulary reads token ids into text for answers recorded with ids alone
     * @param filler     made-up tokens, that many, to fill an answer up to its length
     */
    public RecordedAnswerPicker(
            RecordedAnswers store, SeededRandom random, Vocabulary vocabulary, IntFunction<List<String>> filler) {
        this.store = store;
        this.random = random;
        this.vocabulary = vocabulary;
        this.filler = filler;
    }

    /**
     * The tokens of the answer to a prompt, at most {@code limit} ({@code limit} exactly with
     * {@code ignoreEos}); null when the dataset has no answer at all.
     */
    public @Nullable List<String> pick(int[] promptTokens, int limit, boolean ignoreEos) {
        List<List<String>> matches = new ArrayList<>();
        for (String json : store.forPrompt(promptHash(promptTokens))) {
            matches.add(decode(json));
        }
        List<String> chosen;
        if (!matches.isEmpty()) {
            chosen = amongMatches(matches, limit, ignoreEos);
        } else {
            long fitting = store.count(limit, ignoreEos);
            if (fitting > 0) {
                chosen = decode(store.get(limit, ignoreEos, draw(fitting)));
            } else {
                long all = store.count(-1, false);
                if (all == 0) {
                    return null;
                }
                chosen = decode(store.get(-1, false, draw(all)));
            }
        }
        return fit(chosen, limit, ignoreEos);
    }

    private List<String> amongMatches(List<List<String>> matches, int limit, boolean ignoreEos) {
        List<List<String>> shorterOrEqual = new ArrayList<>();
        List<List<String>> equal = new ArrayList<>();
        List<List<String>> longer = new ArrayList<>();
        for (List<String> answer : matches) {
            if (answer.size() > limit) {
                longer.add(answer);
            } else {
                shorterOrEqual.add(answer);
                if (answer.size() == limit) {
                    equal.add(answer);
                }
            }
        }
        if (ignoreEos && !equal.isEmpty()) {
            return any(equal);
        }
        if (ignoreEos) {
            return any(longer.isEmpty() ? shorterOrEqual : longer);
        }
        return any(shorterOrEqual.isEmpty() ? longer : shorterOrEqual);
    }

    /** Cut at the limit; with {@code ignoreEos}, filled up to it. */
    private List<String> fit(List<String> answer, int limit, boolean ignoreEos) {
        if (answer.size() > limit) {
            return answer.subList(0, limit);
        }
        if (ignoreEos && answer.size() < limit) {
            List<String> filled = new ArrayList<>(answer);
            filled.addAll(filler.apply(limit - answer.size()));
            return filled;
        }
        return answer;
    }

    private List<String> any(List<List<String>> answers) {
        return answers.get(random.nextInt(answers.size()));
    }

    private long draw(long count) {
        return random.nextInt((int) Math.min(Integer.MAX_VALUE, count));
    }

    /**
     * An answer's tokens from its {@code gen_tokens} JSON: its {@code Strings}, or, without them, its
     * {@code Tokens} read through the vocabulary (keys in any case, as Go reads them).
     *
     * @throws IllegalStateException when the text is not such an object
     */
    List<String> decode(String json) {
        Object value;
        try {
            value = JsonText.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("A recorded answer's gen_tokens is not JSON: " + e.getMessage(), e);
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw new IllegalStateException("A recorded answer's gen_tokens is not a JSON object: " + json);
        }
        List<?> strings = null;
        List<?> ids = null;
        for (Map.Entry<?, ?> entry : object.entrySet()) {
            String key = String.valueOf(entry.getKey()).toLowerCase(Locale.ROOT);
            if (key.equals("strings") && entry.getValue() instanceof List<?> list) {
                strings = list;
            } else if (key.equals("tokens") && entry.getValue() instanceof List<?> list) {
                ids = list;
            }
        }
        List<String> tokens = new ArrayList<>();
        if (strings != null && !strings.isEmpty()) {
            for (Object token : strings) {
                tokens.add(String.valueOf(token));
            }
        } else if (ids != null) {
            for (Object id : ids) {
                if (!(id instanceof BigDecimal number)) {
                    throw new IllegalStateException("A recorded answer's token id is not a number: " + id);
                }
                tokens.add(vocabulary.token(number.intValue()));
            }
        }
        return tokens;
    }

    /**
     * The key of a prompt in the dataset: SHA-256 over its token ids, each as 4 bytes little-endian
     * (unsigned 32-bit), as the Go simulator's dataset tool writes {@code prompt_hash}.
     */
    public static byte[] promptHash(int[] tokens) {
        ByteBuffer bytes = ByteBuffer.allocate(tokens.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int token : tokens) {
            bytes.putInt(token);
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes.array());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }
}
