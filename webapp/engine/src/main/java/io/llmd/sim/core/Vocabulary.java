package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids for the simulator's tokenizer: the sentence bank's tokens get fixed ids at start,
 * and every other token its own id the first time it is seen, so that {@code /tokenize} and
 * {@code /detokenize} agree. What clients send must not grow the server without bound, so only
 * {@link #MAX_LEARNED} tokens of at most {@link #MAX_TOKEN_CHARS} characters are learned, holding
 * at most {@link #MAX_LEARNED_CHARS} characters in all; any other token gets an id by hash, at
 * {@link #CAPACITY} or above, without a way back.
 */
public final class Vocabulary implements PromptTokenizer {
    static final int CAPACITY = 1 << 20;
    static final int MAX_LEARNED = 1 << 16;
    static final int MAX_TOKEN_CHARS = 64;
    static final long MAX_LEARNED_CHARS = 1 << 21;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> tokens = new ArrayList<>();
    private final int bankSize;
    private long learnedChars;

    public Vocabulary() {
        for (String sentence : SentenceBank.SENTENCES) {
            for (String token : Tokenizer.tokenize(" " + sentence)) {
                ids.computeIfAbsent(token, t -> {
                    tokens.add(t);
                    return tokens.size() - 1;
                });
            }
        }
        bankSize = tokens.size();
    }

    /** The id of a token. */
    public synchronized int id(String token) {
        Integer known = ids.get(token);
        if (known != null) {
            return known;
        }
        if (token.length() > MAX_TOKEN_CHARS
                || tokens.size() - bankSize >= MAX_LEARNED
                || learnedChars + token.length() > MAX_LEARNED_CHARS) {
            return CAPACITY + Math.floorMod(token.hashCode(), Integer.MAX_VALUE - CAPACITY);
        }
        int id = tokens.size();
        tokens.add(token);
        ids.put(token, id);
        learnedChars += token.length();
        return id;
    }

    /** The token of an id; ids never handed out read as {@code <id>}, so any list of ids has a text. */
    public synchronized String token(int id) {
        return id >= 0 && id < tokens.size() ? tokens.get(id) : " <" + id + ">";
    }

    /** The ids of a text's tokens; the built-in tokenizer has no special tokens to add. */
    @Override
    public List<Integer> encode(String text, boolean addSpecialTokens) {
        return encode(text);
    }

    /** The ids of a text's tokens. */
    public List<Integer> encode(String text) {
        List<Integer> out = new ArrayList<>();
        for (String token : Tokenizer.tokenize(text)) {
            out.add(id(token));
        }
        return out;
    }

    /** The text of a list of ids. */
    @Override
    public String decode(List<Integer> idList) {
        StringBuilder text = new StringBuilder();
        for (int id : idList) {
            text.append(token(id));
        }
        return text.toString();
    }

    /** A token drawn from the known ones, for log-probability alternatives. */
    synchronized String any(SeededRandom random) {
        return tokens.get(random.nextInt(tokens.size()));
    }
}
