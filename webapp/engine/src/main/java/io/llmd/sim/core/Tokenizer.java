package io.llmd.sim.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A simple deterministic tokenizer standing in for the model's: a token is a run of letters and
 * digits, or one other character, with the white space before it attached (as BPE tokenizers
 * attach a leading space). White space at the very end is a token of its own. Concatenating the
 * tokens gives back the text exactly.
 */
public final class Tokenizer {

    private Tokenizer() {}

    /** Splits text into tokens. */
    public static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        int start = 0;
        int end;
        while ((end = nextEnd(text, start)) > start) {
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
        while ((end = nextEnd(text, start)) > start) {
            count++;
            start = end;
        }
        return count;
    }

    /** Where the token starting at {@code start} ends; {@code start} itself at the end of the text. */
    private static int nextEnd(String text, int start) {
        int length = text.length();
        int pos = start;
        while (pos < length && Character.isWhitespace(text.codePointAt(pos))) {
            pos += Character.charCount(text.codePointAt(pos));
        }
        if (pos >= length) {
            return pos;
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
