package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
    private final TokenIds idsByToken = new TokenIds();
    private final List<String> tokens = new ArrayList<>();
    private final int bankSize;
    private long learnedChars;

    public Vocabulary() {
        for (String sentence : SentenceBank.SENTENCES) {
            for (String token : Tokenizer.tokenize(" " + sentence)) {
                if (idsByToken.get(token, 0, token.length()) == TokenIds.ABSENT) {
                    idsByToken.put(token, tokens.size());
                    tokens.add(token);
                }
            }
        }
        bankSize = tokens.size();
    }

    /** The id of a token. */
    public synchronized int id(String token) {
        return id(token, 0, token.length());
    }

    /** The id of the token {@code text[start, end)}; a string is made only for a token learned now. */
    private int id(String text, int start, int end) {
        int known = idsByToken.get(text, start, end);
        if (known != TokenIds.ABSENT) {
            return known;
        }
        int length = end - start;
        if (length > MAX_TOKEN_CHARS
                || tokens.size() - bankSize >= MAX_LEARNED
                || learnedChars + length > MAX_LEARNED_CHARS) {
            return CAPACITY + Math.floorMod(TokenIds.hash(text, start, end), Integer.MAX_VALUE - CAPACITY);
        }
        String token = text.substring(start, end);
        int id = tokens.size();
        tokens.add(token);
        idsByToken.put(token, id);
        learnedChars += length;
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
        return Arrays.stream(ids(text)).boxed().toList();
    }

    @Override
    public int[] ids(String text, boolean addSpecialTokens) {
        return ids(text);
    }

    /**
     * The ids of a text's tokens, read in one pass under one lock, with no string or boxed id made
     * for a token already known (a prompt's, once per request).
     */
    public synchronized int[] ids(String text) {
        int[] out = new int[Math.max(16, text.length() / 4)];
        int count = 0;
        int start = 0;
        int end;
        while ((end = Tokenizer.end(text, start)) > start) {
            if (count == out.length) {
                out = Arrays.copyOf(out, count * 2);
            }
            out[count++] = id(text, start, end);
            start = end;
        }
        return count == out.length ? out : Arrays.copyOf(out, count);
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
