package io.llmd.sim.api.tokens;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.Vocabulary;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The stream of {@code /inference/v1/generate}: one {@code data:} chunk per token of each choice,
 * {@code {"request_id","choices":[{"index","finish_reason","token_ids":[id]}]}}, the finish reason
 * on each choice's last; a usage chunk when {@code stream_options.include_usage} asks; then
 * {@code data: [DONE]}. The token ids are looked up before the stream starts.
 */
public final class GenerateStreamEncoder implements StreamEncoder {
    private static final byte[] CHOICE = ascii("\"choices\":[{\"index\":");
    private static final byte[] FINISH = ascii(",\"finish_reason\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] ABORT = ascii("\"abort\"");
    private static final byte[] IDS = ascii(",\"token_ids\":[");
    private static final byte[] END = ascii("]}]}\n\n");
    private static final byte[] DONE = ascii("data: [DONE]\n\n");

    private final byte[] head;
    private final int[][] ids;
    private final byte[][] finishReasons;
    private final byte @Nullable [] usage;
    private final int promptTokens;

    public GenerateStreamEncoder(String requestId, Generation generation, Vocabulary vocabulary, boolean includeUsage) {
        this.head = ("data: {\"request_id\":\""
                        + new String(JsonStringEncoder.getInstance().quoteAsString(requestId)) + "\",")
                .getBytes(StandardCharsets.UTF_8);
        this.ids = new int[generation.choices().size()][];
        this.finishReasons = new byte[ids.length][];
        for (Choice choice : generation.choices()) {
            ids[choice.index()] = GenerateResponse.ids(choice.tokens(), vocabulary).stream()
                    .mapToInt(Integer::intValue)
                    .toArray();
            finishReasons[choice.index()] = ascii("\"" + choice.finishReason().value() + "\"");
        }
        int prompt = generation.promptTokens();
        this.promptTokens = prompt;
        int completion = generation.completionTokens();
        this.usage = includeUsage ? usage(prompt, completion) : null;
    }

    private static byte[] usage(int prompt, int completion) {
        return ascii("\"choices\":[],\"usage\":{\"prompt_tokens\":" + prompt + ",\"total_tokens\":"
                + (prompt + completion) + ",\"completion_tokens\":" + completion + "}}\n\n");
    }

    @Override
    public int steps() {
        int steps = 1;
        for (int[] choice : ids) {
            steps = Math.max(steps, choice.length);
        }
        return steps;
    }

    @Override
    public void start(EventBuffer out) {}

    @Override
    public void step(EventBuffer out, int step) {
        for (int choice = 0; choice < ids.length; choice++) {
            int tokens = ids[choice].length;
            if (step >= tokens && !(tokens == 0 && step == 0)) {
                continue;
            }
            out.append(head).append(CHOICE).appendNumber(choice).append(FINISH);
            out.append(step >= tokens - 1 ? finishReasons[choice] : NULL).append(IDS);
            if (step < tokens) {
                out.appendNumber(ids[choice][step]);
            }
            out.append(END);
        }
    }

    @Override
    public void end(EventBuffer out) {
        if (usage != null) {
            out.append(head).append(usage);
        }
        out.append(DONE);
    }

    /**
     * Ends an aborted request's stream as vLLM does: each choice not finished yet gets a last
     * chunk without tokens and {@code finish_reason: "abort"}; the usage counts what went out.
     */
    @Override
    public boolean aborted(EventBuffer out, int stepsDelivered) {
        int completion = 0;
        for (int choice = 0; choice < ids.length; choice++) {
            int tokens = ids[choice].length;
            completion += Math.min(tokens, stepsDelivered);
            if (stepsDelivered > 0 && tokens <= stepsDelivered) {
                continue; // its last chunk went out with its own finish reason
            }
            out.append(head).append(CHOICE).appendNumber(choice).append(FINISH);
            out.append(ABORT).append(IDS).append(END);
        }
        if (usage != null) {
            out.append(head).append(usage(promptTokens, completion));
        }
        out.append(DONE);
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
