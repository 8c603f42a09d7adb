package io.llmd.sim.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the SSE events of one streamed answer as bytes, in vLLM's chunk shapes, without a JSON
 * library on the per-token path: the parts that never change within a stream are encoded once,
 * and each token is escaped once before the stream starts.
 */
public final class StreamEncoder {
    private static final byte[] DONE = ascii("data: [DONE]\n\n");
    private static final byte[] ROLE = ascii("\"role\":\"assistant\",");
    private static final byte[] CHAT_CONTENT = ascii("\"content\":\"");
    private static final byte[] CHAT_AFTER_CONTENT = ascii("\"},\"logprobs\":null,\"finish_reason\":");
    private static final byte[] TEXT = ascii("\"text\":\"");
    private static final byte[] TEXT_AFTER = ascii("\",\"logprobs\":null,\"finish_reason\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] STOP_REASON_NULL = ascii(",\"stop_reason\":null");
    private static final byte[] EVENT_END = ascii("}]}\n\n");
    private static final byte[] USAGE_PROMPT = ascii("[],\"usage\":{\"prompt_tokens\":");
    private static final byte[] USAGE_TOTAL = ascii(",\"total_tokens\":");
    private static final byte[] USAGE_COMPLETION = ascii(",\"completion_tokens\":");
    private static final byte[] USAGE_END = ascii("}}\n\n");

    private final boolean chat;
    /** {@code data: {"id":..,"object":..,"created":..,"model":..,"choices":} */
    private final byte[] head;
    private final byte[] choiceStart;
    private final byte[][] tokens;

    private StreamEncoder(boolean chat, String id, long created, String model, List<String> tokens) {
        this.chat = chat;
        String object = chat ? "chat.completion.chunk" : "text_completion";
        this.head = utf8("data: {\"id\":\"" + escape(id) + "\",\"object\":\"" + object + "\",\"created\":" + created
                + ",\"model\":\"" + escape(model) + "\",\"choices\":");
        this.choiceStart = ascii(chat ? "[{\"index\":0,\"delta\":{" : "[{\"index\":0,");
        this.tokens = new byte[tokens.size()][];
        JsonStringEncoder encoder = JsonStringEncoder.getInstance();
        for (int i = 0; i < this.tokens.length; i++) {
            this.tokens[i] = encoder.quoteAsUTF8(tokens.get(i));
        }
    }

    /** Events of a {@code chat.completion.chunk} stream. */
    public static StreamEncoder chat(String id, long created, String model, List<String> tokens) {
        return new StreamEncoder(true, id, created, model, tokens);
    }

    /** Events of a streamed {@code text_completion}. */
    public static StreamEncoder completion(String id, long created, String model, List<String> tokens) {
        return new StreamEncoder(false, id, created, model, tokens);
    }

    /** How many token events the stream has: one per token, and one (empty) for an empty answer. */
    public int eventCount() {
        return Math.max(tokens.length, 1);
    }

    /**
     * Appends the event of token {@code index}; the first chat event carries the role, the last
     * one the finish reason.
     *
     * @param finishReason the wire value for the last event, null for the others
     */
    public void token(EventBuffer out, int index, String finishReason) {
        out.append(head).append(choiceStart);
        byte[] token = index < tokens.length ? tokens[index] : new byte[0];
        if (chat) {
            if (index == 0) {
                out.append(ROLE);
            }
            out.append(CHAT_CONTENT).append(token).append(CHAT_AFTER_CONTENT);
        } else {
            out.append(TEXT).append(token).append(TEXT_AFTER);
        }
        if (finishReason == null) {
            out.append(NULL);
            if (!chat) {
                out.append(STOP_REASON_NULL);
            }
        } else {
            out.append(ascii("\"" + finishReason + "\"")).append(STOP_REASON_NULL);
        }
        out.append(EVENT_END);
    }

    /** Appends the usage event that {@code stream_options.include_usage} asks for. */
    public void usage(EventBuffer out, int promptTokens, int completionTokens) {
        out.append(head).append(USAGE_PROMPT).appendNumber(promptTokens)
                .append(USAGE_TOTAL).appendNumber(promptTokens + (long) completionTokens)
                .append(USAGE_COMPLETION).appendNumber(completionTokens).append(USAGE_END);
    }

    /** Appends {@code data: [DONE]}. */
    public void done(EventBuffer out) {
        out.append(DONE);
    }

    private static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
