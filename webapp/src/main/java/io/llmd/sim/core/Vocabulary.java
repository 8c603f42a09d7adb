package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids for the simulator's tokenizer: the sentence bank's tokens get fixed ids at start,
 * and every other token its own id the first time it is seen, so that {@code /tokenize} and
 * {@code /detokenize} agree. Past {@link #CAPACITY} new tokens get ids by hash, without a way back.
 */
public final class Vocabulary {
    static final int CAPACITY = 1 << 20;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> tokens = new ArrayList<>();

    public Vocabulary() {
        for (String sentence : SentenceBank.SENTENCES) {
            for (String token : Tokenizer.tokenize(" " + sentence)) {
                id(token);
            }
        }
    }

    /** The id of a token. */
    public synchronized int id(String token) {
        Integer known = ids.get(token);
        if (known != null) {
            return known;
        }
        if (tokens.size() >= CAPACITY) {
            return CAPACITY + Math.floorMod(token.hashCode(), Integer.MAX_VALUE - CAPACITY);
        }
        int id = tokens.size();
        tokens.add(token);
        ids.put(token, id);
        return id;
    }

    /** The token of an id; ids never handed out read as {@code <id>}, so any list of ids has a text. */
    public synchronized String token(int id) {
        return id >= 0 && id < tokens.size() ? tokens.get(id) : " <" + id + ">";
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
