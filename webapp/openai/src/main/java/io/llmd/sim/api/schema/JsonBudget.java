package io.llmd.sim.api.schema;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmd.sim.core.Tokenizer;

/**
 * The JSON text of an answer as it is written, piece by piece, with its token and character
 * counts. Once either passes its limit the answer is cut: nothing more is written, and the
 * faker stops. The pieces never join a token across their borders (each ends at a quote,
 * bracket, comma, colon or the end of a number or literal, and none begins with white space),
 * so the sum of their token counts is the token count of the whole text.
 */
final class JsonBudget {
    private final StringBuilder text = new StringBuilder();
    private final long maxTokens;
    private final long maxChars;
    private long tokens;
    private boolean cut;

    JsonBudget(long maxTokens, long maxChars) {
        this.maxTokens = maxTokens;
        this.maxChars = maxChars;
    }

    /** A position to come back to, to take back a value (a duplicate in a uniqueItems array). */
    record Mark(int length, long tokens) {}

    /** A property name as written before its value: quoted, escaped, and followed by a colon. */
    static String key(String name) {
        return quoted(name) + ":";
    }

    static String quoted(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    static long tokens(String piece) {
        return Tokenizer.count(piece);
    }

    /** Writes one piece, unless the answer is already cut. */
    void write(String piece) {
        if (cut) {
            return;
        }
        text.append(piece);
        tokens += tokens(piece);
        cut = tokens > maxTokens || text.length() > maxChars;
    }

    /** Writes one character that is a token of its own (punctuation). */
    void write(char punctuation) {
        if (cut) {
            return;
        }
        text.append(punctuation);
        tokens++;
        cut = tokens > maxTokens || text.length() > maxChars;
    }

    long tokensLeft() {
        return Math.max(0, maxTokens - tokens);
    }

    long charsLeft() {
        return Math.max(0, maxChars - text.length());
    }

    boolean cut() {
        return cut;
    }

    /** Whether more than half of either budget is spent: from then on the faker writes the smallest values. */
    boolean tight() {
        return tokens * 2 > maxTokens || text.length() * 2L > maxChars;
    }

    Mark mark() {
        return new Mark(text.length(), tokens);
    }

    String since(Mark mark) {
        return text.substring(mark.length());
    }

    /** Takes back what was written since {@code mark}; only while the answer is not cut. */
    void reset(Mark mark) {
        text.setLength(mark.length());
        tokens = mark.tokens();
    }

    String text() {
        return text.toString();
    }
}
