package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A simple deterministic tokenizer standing in for the model's: a token is a run of letters and
 * digits, or one other character, with the white space before it attached (as BPE tokenizers
 * attach a leading space). White space at the very end is a token of its own. Concatenating the
 * tokens gives back the text exactly. A special-token marker, {@code <|} letters, digits or
 * underscores {@code |>} (as chat templates write {@code <|im_start|>}), is one token.
 */
public final class Tokenizer {
    /** The longest marker read as one token. */
    private static final int MAX_MARKER_CHARS = 40;

    private Tokenizer() {}

    /** Splits text into tokens. */
    public static List<String> tokenize(String text) {
        return tokenize(text, Integer.MAX_VALUE);
    }

    /** The first {@code limit} tokens of a text (all of them if it has fewer). */
    public static List<String> tokenize(String text, int limit) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        int end;
        while (tokens.size() < limit && (end = end(text, start)) > start) {
            tokens.add(text.substring(start, end));
            start = end;
        }
        return tokens;
    }

    /** Counts the tokens of a text without building them. */
    public static int count(String text) {
        int count = 0;
        int start = 0;
        int end;
        while ((end = end(text, start)) > start) {
            count++;
            start = end;
        }
        return count;
    }

    /**
     * Where a special-token marker such as {@code <|im_start|>} starting at {@code pos} ends (a
     * model's tokenizer reads its chat template's markers as one token each), or {@code pos} when
     * none starts there.
     */
    private static int markerEnd(String text, int pos) {
        if (!text.startsWith("<|", pos)) {
            return pos;
        }
        int limit = Math.min(text.length(), pos + MAX_MARKER_CHARS);
        for (int i = pos + 2; i < limit; i++) {
            char c = text.charAt(i);
            if (c == '|') {
                return i > pos + 2 && i + 1 < text.length() && text.charAt(i + 1) == '>' ? i + 2 : pos;
            }
            if (!(c == '_' || (c < 128 && Character.isLetterOrDigit(c)))) {
                return pos;
            }
        }
        return pos;
    }

    /** Where the token starting at {@code start} ends; {@code start} itself at the end of the text. */
    static int end(String text, int start) {
        int length = text.length();
        int pos = start;
        while (pos < length && Character.isWhitespace(text.codePointAt(pos))) {
            pos += Character.charCount(text.codePointAt(pos));
        }
        if (pos >= length) {
            return pos;
        }
        int marker = markerEnd(text, pos);
        if (marker > pos) {
            return marker;
        }
        int cp = text.codePointAt(pos);
        pos += Character.charCount(cp);
        if (Character.isLetterOrDigit(cp)) {
            while (pos < length) {
                int next = text.codePointAt(pos);
                if (!Character.isLetterOrDigit(next)) {
                    break;
                }
                pos += Character.charCount(next);
            }
        }
        return pos;
    }
}
