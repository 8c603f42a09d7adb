package io.llmd.sim.api.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.Logprobs;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.TokenLogprob;
import io.llmd.sim.core.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Writes the SSE events of one streamed answer as bytes, in vLLM's chunk shapes, without a JSON
 * library on the per-token path: everything that never changes within a stream, each token and
 * each token's log probabilities are encoded once before the stream starts, and an event is a
 * concatenation of those pieces into a reused buffer. A step is one event per choice that has
 * one; the end is the usage event when {@code stream_options.include_usage} asks for it, then
 * {@code data: [DONE]}.
 */
public final class OpenAiStreamEncoder implements StreamEncoder {
    private static final byte[] DONE = ascii("data: [DONE]\n\n");
    private static final byte[] CHOICE_START = ascii("[{\"index\":");
    private static final byte[] DELTA = ascii(",\"delta\":{");
    private static final byte[] ROLE = ascii("\"role\":\"assistant\",");
    private static final byte[] CONTENT = ascii("\"content\":\"");
    private static final byte[] CONTENT_NULL = ascii("\"content\":null,");
    private static final byte[] TOOL_END = ascii("\"}}]");
    private static final byte[] QUOTE = ascii("\"");
    private static final byte[] DELTA_END = ascii("}");
    private static final byte[] TEXT = ascii(",\"text\":\"");
    private static final byte[] LOGPROBS = ascii(",\"logprobs\":");
    private static final byte[] CHAT_LOGPROBS_START = ascii("{\"content\":[");
    private static final byte[] CHAT_LOGPROBS_END = ascii("]}");
    private static final byte[] NULL = ascii("null");
    private static final byte[] ABORT = ascii("\"abort\"");
    private static final byte[] CACHE_THRESHOLD = ascii("\"cache_threshold\"");
    private static final byte[] FINISH_REASON = ascii(",\"finish_reason\":");
    private static final byte[] STOP_REASON = ascii(",\"stop_reason\":");
    private static final byte[] CHOICE_END = ascii("}]");
    private static final byte[] EVENT_END = ascii("}\n\n");
    private static final byte[] USAGE = ascii(",\"usage\":{\"prompt_tokens\":");
    private static final byte[] EMPTY_CHOICES = ascii("[]");
    private static final byte[] USAGE_TOTAL = ascii(",\"total_tokens\":");
    private static final byte[] USAGE_COMPLETION = ascii(",\"completion_tokens\":");
    private static final byte[] USAGE_END = ascii("}");
    private static final byte[] USAGE_CACHED = ascii(",\"prompt_tokens_details\":{\"cached_tokens\":");
    private static final byte[] NO_TOKEN = new byte[0];

    private final boolean chat;
    /** The bytes that open every chunk: "data: " and the object from its id up to "choices":. */
    private final byte[] head;

    private final ChoiceBytes[] choices;
    private final int promptTokens;
    private final int completionTokens;
    private final boolean includeUsage;
    private final boolean continuousUsage;
    /** The prompt tokens the prefix cache held, read once for the final usage; none unless asked for. */
    private IntSupplier cachedTokens = () -> 0;

    /** One choice's pieces, encoded once; never compared, so the arrays' identity equality is harmless. */
    @SuppressWarnings("ArrayRecordComponent")
    private record ChoiceBytes(
            byte[] index,
            List<String> tokens,
            byte @Nullable [][] logprobs,
            byte[][] toolCallStarts,
            byte[][] toolCallArguments,
            int @Nullable [] toolCallAt,
            byte[] echo,
            byte[] finishReason,
            byte[] stopReason) {}

    private OpenAiStreamEncoder(
            boolean chat,
            String id,
            long created,
            String model,
            Generation generation,
            @Nullable List<String> echoes,
            @Nullable List<List<TokenLogprob>> echoLogprobs,
            boolean includeUsage,
            boolean continuousUsage) {
        this.chat = chat;
        this.includeUsage = includeUsage;
        this.continuousUsage = continuousUsage;
        this.completionTokens = generation.completionTokens();
        String object = chat ? "chat.completion.chunk" : "text_completion";
        this.head = utf8("data: {\"id\":\"" + escape(id) + "\",\"object\":\"" + object + "\",\"created\":" + created
                + ",\"model\":\"" + escape(model) + "\",\"choices\":");
        this.promptTokens = generation.promptTokens();
        this.choices = new ChoiceBytes[generation.choices().size()];
        for (Choice choice : generation.choices()) {
            // Tokens are escaped as they are written: a stream holds no copy of its answer.
            int count = choice.tokens().size();
            List<TokenLogprob> tokenLogprobs = choice.logprobs();
            byte[][] logprobs = null;
            if (tokenLogprobs != null) {
                logprobs = new byte[count][];
                int offset = echoes == null ? 0 : echoes.get(choice.index()).length();
                for (int i = 0; i < count; i++) {
                    List<TokenLogprob> prompt =
                            i == 0 && echoLogprobs != null ? echoLogprobs.get(choice.index()) : null;
                    logprobs[i] = chat
                            ? Json.bytes(Logprobs.chatToken(tokenLogprobs.get(i)))
                            : Json.bytes(Logprobs.completion(prompt, tokenLogprobs.subList(i, i + 1), offset));
                    offset += choice.tokens().get(i).length();
                }
            }
            int calls = choice.toolCalls().size();
            byte[][] toolCallStarts = new byte[calls][];
            byte[][] toolCallArguments = new byte[calls][];
            for (int call = 0; call < calls; call++) {
                ToolCall toolCall = choice.toolCalls().get(call);
                // A call's first delta names it, the next ones only add to its arguments, as vLLM streams them.
                toolCallStarts[call] = utf8("\"tool_calls\":[{\"index\":" + call + ",\"id\":\""
                        + escape(toolCall.id()) + "\",\"type\":\"function\",\"function\":{\"name\":\""
                        + escape(toolCall.name()) + "\",\"arguments\":\"");
                toolCallArguments[call] =
                        ascii("\"tool_calls\":[{\"index\":" + call + ",\"function\":{\"arguments\":\"");
            }
            int[] toolCallAt = calls == 0 ? null : callOfEachToken(choice);
            byte[] echo = echoes == null ? NO_TOKEN : escapedUtf8(echoes.get(choice.index()));
            byte[] stopReason = choice.stopReason() == null ? NULL : Json.bytes(choice.stopReason());
            choices[choice.index()] = new ChoiceBytes(
                    ascii(Integer.toString(choice.index())),
                    choice.tokens(),
                    logprobs,
                    toolCallStarts,
                    toolCallArguments,
                    toolCallAt,
                    echo,
                    ascii("\"" + choice.finishReason().value() + "\""),
                    stopReason);
        }
    }

    /** Events of a {@code chat.completion.chunk} stream, without usage. */
    public static OpenAiStreamEncoder chat(String id, long created, String model, Generation generation) {
        return chat(id, created, model, generation, false, false);
    }

    /**
     * Events of a {@code chat.completion.chunk} stream.
     *
     * @param includeUsage    {@code stream_options.include_usage}: a usage event before {@code [DONE]}
     * @param continuousUsage {@code stream_options.continuous_usage_stats} (with include_usage): running usage
     *                        on every event
     */
    public static OpenAiStreamEncoder chat(
            String id,
            long created,
            String model,
            Generation generation,
            boolean includeUsage,
            boolean continuousUsage) {
        return new OpenAiStreamEncoder(true, id, created, model, generation, null, null, includeUsage, continuousUsage);
    }

    /**
     * Events of a streamed {@code text_completion}, without usage.
     *
     * @param echoes the text each choice starts with ({@code echo: true}), or null
     */
    public static OpenAiStreamEncoder completion(
            String id, long created, String model, Generation generation, @Nullable List<String> echoes) {
        return completion(id, created, model, generation, echoes, null);
    }

    /**
     * Events of a streamed {@code text_completion}, without usage, whose first event also carries
     * the log probabilities of the echoed prompt's tokens.
     */
    public static OpenAiStreamEncoder completion(
            String id,
            long created,
            String model,
            Generation generation,
            @Nullable List<String> echoes,
            @Nullable List<List<TokenLogprob>> echoLogprobs) {
        return completion(id, created, model, generation, echoes, echoLogprobs, false, false);
    }

    /**
     * Events of a streamed {@code text_completion}.
     *
     * @param echoes          the text each choice starts with ({@code echo: true}), or null
     * @param echoLogprobs    the echoed prompt's log probabilities, for each choice's first event, or null
     * @param includeUsage    {@code stream_options.include_usage}: a usage event before {@code [DONE]}
     * @param continuousUsage {@code stream_options.continuous_usage_stats} (with include_usage): running usage
     *                        on every event
     */
    public static OpenAiStreamEncoder completion(
            String id,
            long created,
            String model,
            Generation generation,
            @Nullable List<String> echoes,
            @Nullable List<List<TokenLogprob>> echoLogprobs,
            boolean includeUsage,
            boolean continuousUsage) {
        return new OpenAiStreamEncoder(
                false, id, created, model, generation, echoes, echoLogprobs, includeUsage, continuousUsage);
    }

    /** vLLM sends nothing before the first token: the stream's first event is its first step's. */
    @Override
    public void start(EventBuffer out) {}

    /** One event per choice that has one at {@code step}, in the order of the choices. */
    @Override
    public void step(EventBuffer out, int step) {
        for (int choice = 0; choice < choices.length; choice++) {
            if (hasEvent(choice, step)) {
                // As vLLM: each chunk's usage counts its own choice's tokens so far; the final usage sums them all.
                token(out, choice, step, continuousUsage ? (hasToken(choice, step) ? step + 1 : 0) : -1);
            }
        }
    }

    /** The usage event when asked for, then {@code data: [DONE]}. */
    @Override
    public void end(EventBuffer out) {
        if (includeUsage) {
            usage(out, completionTokens);
        }
        done(out);
    }

    /**
     * Ends the stream of an aborted request as vLLM does: one last event per choice that had not
     * finished, with no new text and {@code finish_reason: "abort"}, then the usage of the tokens
     * that went out (when asked for) and {@code [DONE]}.
     */
    @Override
    public boolean aborted(EventBuffer out, int stepsDelivered) {
        endEarly(out, stepsDelivered, ABORT);
        return true;
    }

    /**
     * The Go simulator's stream of a request below its cache-hit threshold: one event per choice
     * with an empty delta (the role, no content) and {@code finish_reason: "cache_threshold"}, the
     * usage (no completion tokens) when asked for, and {@code [DONE]}.
     */
    @Override
    public boolean cacheThreshold(EventBuffer out) {
        endEarly(out, 0, CACHE_THRESHOLD);
        return true;
    }

    private void endEarly(EventBuffer out, int stepsDelivered, byte[] reason) {
        long delivered = 0;
        for (int choice = 0; choice < choices.length; choice++) {
            ChoiceBytes bytes = choices[choice];
            int tokens = bytes.tokens().size();
            delivered += Math.min(tokens, stepsDelivered);
            if (stepsDelivered > 0 && tokens <= stepsDelivered) {
                continue; // its last event, with its own finish reason, went out already
            }
            out.append(head).append(CHOICE_START).append(bytes.index());
            if (chat) {
                out.append(DELTA);
                if (stepsDelivered == 0) {
                    out.append(ROLE);
                }
                out.append(CONTENT).append(QUOTE).append(DELTA_END);
            } else {
                out.append(TEXT);
                if (stepsDelivered == 0) {
                    out.append(bytes.echo());
                }
                out.append(QUOTE);
            }
            out.append(LOGPROBS)
                    .append(NULL)
                    .append(FINISH_REASON)
                    .append(reason)
                    .append(STOP_REASON)
                    .append(NULL)
                    .append(CHOICE_END)
                    .append(EVENT_END);
        }
        if (includeUsage) {
            out.append(head).append(EMPTY_CHOICES);
            usage(out, delivered, cachedTokens.getAsInt());
            out.append(EVENT_END);
        }
        done(out);
    }

    /** How many steps the stream has: one per token of the longest choice, and one for an empty answer. */
    @Override
    public int steps() {
        int steps = 1;
        for (ChoiceBytes choice : choices) {
            steps = Math.max(steps, choice.tokens().size());
        }
        return steps;
    }

    /** Choices in the answer. */
    public int choiceCount() {
        return choices.length;
    }

    /** Whether choice {@code choice} has an event at step {@code step} (an empty choice has one, at step 0). */
    public boolean hasEvent(int choice, int step) {
        int tokens = choices[choice].tokens().size();
        return step < tokens || (tokens == 0 && step == 0);
    }

    /** Whether choice {@code choice}'s event at step {@code step} carries a token (an empty answer's does not). */
    public boolean hasToken(int choice, int step) {
        return step < choices[choice].tokens().size();
    }

    /** Whether step {@code step} is choice {@code choice}'s last. */
    public boolean isLast(int choice, int step) {
        return step >= choices[choice].tokens().size() - 1;
    }

    /**
     * Appends the event of choice {@code choice} at step {@code step}: the first chat event carries
     * the role (and a tool call's id and name), the last one the finish and stop reasons.
     *
     * @param usedTokens with continuous usage, the completion tokens so far (this one included); else -1
     */
    public void token(EventBuffer out, int choice, int step, long usedTokens) {
        ChoiceBytes bytes = choices[choice];
        String token = step < bytes.tokens().size() ? bytes.tokens().get(step) : "";
        boolean last = isLast(choice, step);
        out.append(head).append(CHOICE_START).append(bytes.index());
        if (chat) {
            out.append(DELTA);
            if (step == 0) {
                out.append(ROLE);
            }
            if (bytes.toolCallAt() == null || step >= bytes.toolCallAt().length) {
                out.append(CONTENT).appendJsonEscaped(token).append(QUOTE);
            } else {
                int call = bytes.toolCallAt()[step];
                boolean opens = step == 0 || bytes.toolCallAt()[step - 1] != call;
                if (step == 0) {
                    out.append(CONTENT_NULL);
                }
                out.append(opens ? bytes.toolCallStarts()[call] : bytes.toolCallArguments()[call])
                        .appendJsonEscaped(token)
                        .append(TOOL_END);
            }
            out.append(DELTA_END).append(LOGPROBS);
            if (bytes.logprobs() == null || step >= bytes.logprobs().length) {
                out.append(NULL);
            } else {
                out.append(CHAT_LOGPROBS_START).append(bytes.logprobs()[step]).append(CHAT_LOGPROBS_END);
            }
        } else {
            out.append(TEXT);
            if (step == 0) {
                out.append(bytes.echo());
            }
            out.appendJsonEscaped(token).append(QUOTE).append(LOGPROBS);
            out.append(bytes.logprobs() == null || step >= bytes.logprobs().length ? NULL : bytes.logprobs()[step]);
        }
        out.append(FINISH_REASON).append(last ? bytes.finishReason() : NULL);
        if (last || !chat) {
            out.append(STOP_REASON).append(last ? bytes.stopReason() : NULL);
        }
        out.append(CHOICE_END);
        if (usedTokens >= 0) {
            usage(out, usedTokens);
        }
        out.append(EVENT_END);
    }

    /**
     * Reports in the final usage, as vLLM's {@code --enable-prompt-tokens-details} does, the prompt
     * tokens the prefix cache held when the request started ({@code cachedTokens} is read when
     * the usage is written); nothing when there are none. Call it before the stream starts.
     */
    public OpenAiStreamEncoder reportingCachedTokens(IntSupplier cachedTokens) {
        this.cachedTokens = cachedTokens;
        return this;
    }

    /** Appends the usage event that {@code stream_options.include_usage} asks for. */
    public void usage(EventBuffer out, int completionTokens) {
        out.append(head).append(EMPTY_CHOICES);
        usage(out, (long) completionTokens, cachedTokens.getAsInt());
        out.append(EVENT_END);
    }

    private void usage(EventBuffer out, long completionTokens) {
        usage(out, completionTokens, 0);
    }

    private void usage(EventBuffer out, long completionTokens, int cached) {
        out.append(USAGE)
                .appendNumber(promptTokens)
                .append(USAGE_TOTAL)
                .appendNumber(promptTokens + completionTokens)
                .append(USAGE_COMPLETION)
                .appendNumber(completionTokens);
        if (cached > 0) {
            out.append(USAGE_CACHED).appendNumber(cached).append(USAGE_END);
        }
        out.append(USAGE_END);
    }

    /** Appends {@code data: [DONE]}. */
    public void done(EventBuffer out) {
        out.append(DONE);
    }

    /** Which tool call each of a choice's tokens belongs to. */
    private static int[] callOfEachToken(Choice choice) {
        int[] starts = choice.toolCallStarts();
        int[] callAt = new int[choice.tokens().size()];
        for (int call = 0; call < starts.length; call++) {
            int end = call + 1 < starts.length ? starts[call + 1] : callAt.length;
            Arrays.fill(callAt, starts[call], end, call);
        }
        return callAt;
    }

    private static String escape(String text) {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text));
    }

    /** A client's text as the inside of a JSON string; a lone surrogate (not UTF-8) becomes '?', as in tokens. */
    private static byte[] escapedUtf8(String text) {
        EventBuffer buffer = new EventBuffer().appendJsonEscaped(text);
        return Arrays.copyOf(buffer.array(), buffer.length());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
