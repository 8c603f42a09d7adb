package io.llmd.sim.core;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An unmodifiable list of tokens held as their joined text and where each one ends: an answer
 * lives as long as its stream (seconds, thousands at once), and a string per token cost about
 * ten times the memory of its characters; a token's string is made when it is read, once per
 * delivery, and is garbage at once.
 */
final class CompactTokens extends AbstractList<String> implements RandomAccess {
    private static final CompactTokens EMPTY = new CompactTokens("", new int[0]);

    private final String text;
    /** Where each token ends in {@link #text}; the next one starts there. */
    private final int[] ends;

    private CompactTokens(String text, int[] ends) {
        this.text = text;
        this.ends = ends;
    }

    /** {@code tokens} as such a list (itself if it is one); a null token is refused, as {@link List#copyOf} does. */
    static List<String> copyOf(List<String> tokens) {
        if (tokens instanceof CompactTokens compact) {
            return compact;
        }
        if (tokens.isEmpty()) {
            return EMPTY;
        }
        StringBuilder text = new StringBuilder();
        int[] ends = new int[tokens.size()];
        int i = 0;
        for (String token : tokens) {
            text.append(Objects.requireNonNull(token, "token"));
            ends[i++] = text.length();
        }
        return new CompactTokens(text.toString(), ends);
    }

    @Override
    public String get(int index) {
        Objects.checkIndex(index, ends.length);
        return text.substring(index == 0 ? 0 : ends[index - 1], ends[index]);
    }

    @Override
    public int size() {
        return ends.length;
    }

    /** The tokens' whole text. */
    String text() {
        return text;
    }
}
