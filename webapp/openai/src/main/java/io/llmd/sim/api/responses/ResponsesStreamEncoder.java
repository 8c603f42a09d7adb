package io.llmd.sim.api.responses;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.TokenLogprob;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The Responses API's named events for one streamed answer, each with its {@code sequence_number}
 * (0, 1, ... across the stream): {@code response.created} and {@code response.in_progress} as soon
 * as the request is admitted; with the first token the output item and (for a message) its text
 * part are added; one {@code response.output_text.delta} (or {@code
 * response.function_call_arguments.delta}) per token; at the end the text or arguments are done,
 * the part and the item are done (with several function calls, each call's item is added before
 * its first delta and done before the next one's is added), and {@code response.completed} carries the whole response.
 * Everything but the tokens (and their log probabilities) is encoded before the stream starts.
 */
public final class ResponsesStreamEncoder implements StreamEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] EVENT_END = ascii("}\n\n");
    private static final byte[] SEQUENCE = ascii(",\"sequence_number\":");
    private static final byte[] LOGPROBS = ascii("\",\"logprobs\":[");
    private static final byte[] LOGPROBS_END = ascii("]");
    private static final byte[] QUOTE = ascii("\"");

    private final List<String> tokens;
    private final byte @Nullable [][] logprobs;
    private final boolean functionCall;
    /** The delta head of each output item (a function call's, or the message's). */
    private final byte[][] deltaHeads;

    private final byte[][] startEvents;
    /** The events before output item k's first delta: the item before it done, then k added. */
    private final byte[][] openEvents;

    private final byte[][] endEvents;
    /** The output item of each token. */
    private final int[] itemAt;

    /** @param answer the response this stream tells */
    public ResponsesStreamEncoder(ResponseObject answer, Generation generation) {
        Choice choice = generation.first();
        this.tokens = choice.tokens();
        this.functionCall = answer.isFunctionCall();
        int items = answer.items();
        List<TokenLogprob> tokenLogprobs = choice.logprobs();
        byte[][] encoded = null;
        if (tokenLogprobs != null && !functionCall) {
            encoded = new byte[tokens.size()][];
            for (int i = 0; i < tokens.size(); i++) {
                encoded[i] = Json.bytes(ResponseObject.logprob(tokenLogprobs.get(i)));
            }
        }
        this.logprobs = encoded;
        ObjectNode created = event("response.created");
        created.set("response", answer.inProgress());
        ObjectNode inProgress = event("response.in_progress");
        inProgress.set("response", answer.inProgress());
        ObjectNode completed = event("response.completed");
        completed.set("response", answer.completed());
        this.startEvents = new byte[][] {frame(created, 0), frame(inProgress, 1)};
        this.itemAt = new int[tokens.size()];
        this.deltaHeads = new byte[items][];
        this.openEvents = new byte[items][];
        if (functionCall) {
            int[] starts = choice.toolCallStarts();
            for (int k = 0; k < items; k++) {
                Arrays.fill(itemAt, starts[k], k + 1 < items ? starts[k + 1] : tokens.size(), k);
                deltaHeads[k] = head("response.function_call_arguments.delta", answer.itemId(k), k, false);
                // After the two start events, each item before k was added and closed (the one just
                // before k is closed here), and its tokens went out.
                int sequence = k == 0 ? 2 : 3 * k + starts[k];
                EventBuffer open = new EventBuffer();
                if (k > 0) {
                    for (ObjectNode closing : closeCall(answer, choice, k - 1)) {
                        open.append(frame(closing, sequence++));
                    }
                }
                open.append(frame(added(answer, k), sequence));
                openEvents[k] = Arrays.copyOf(open.array(), open.length());
            }
            int next = 3 * items + tokens.size();
            List<ObjectNode> closing = new ArrayList<>(closeCall(answer, choice, items - 1));
            closing.add(completed);
            this.endEvents = frames(closing, next);
        } else {
            String itemId = answer.itemId();
            ObjectNode partAdded = part("response.content_part.added", itemId);
            partAdded.set("part", answer.textPart(""));
            openEvents[0] = concat(frame(added(answer, 0), 2), frame(partAdded, 3));
            ObjectNode textDone = part("response.output_text.done", itemId).put("text", choice.text());
            if (logprobs != null) {
                textDone.set("logprobs", answer.textPart(choice.text()).get("logprobs"));
            }
            ObjectNode partDone = part("response.content_part.done", itemId);
            partDone.set("part", answer.textPart(choice.text()));
            this.deltaHeads[0] = head("response.output_text.delta", itemId, 0, true);
            this.endEvents = frames(List.of(textDone, partDone, done(answer, 0), completed), 4 + tokens.size());
        }
    }

    private static ObjectNode added(ResponseObject answer, int index) {
        ObjectNode added = event("response.output_item.added").put("output_index", index);
        added.set("item", answer.item(index, false));
        return added;
    }

    private static ObjectNode done(ResponseObject answer, int index) {
        ObjectNode done = event("response.output_item.done").put("output_index", index);
        done.set("item", answer.item(index, true));
        return done;
    }

    /** A function call's closing events: its arguments done, then its item done. */
    private static List<ObjectNode> closeCall(ResponseObject answer, Choice choice, int index) {
        ObjectNode argumentsDone = event("response.function_call_arguments.done")
                .put("item_id", answer.itemId(index))
                .put("output_index", index)
                .put("name", choice.toolCalls().get(index).name())
                .put("arguments", choice.toolCalls().get(index).arguments());
        return List.of(argumentsDone, done(answer, index));
    }

    @Override
    public int steps() {
        return Math.max(1, tokens.size());
    }

    @Override
    public void start(EventBuffer out) {
        for (byte[] event : startEvents) {
            out.append(event);
        }
    }

    @Override
    public void step(EventBuffer out, int step) {
        if (step >= tokens.size()) {
            if (step == 0) {
                out.append(openEvents[0]);
            }
            return;
        }
        int item = itemAt[step];
        if (step == 0 || itemAt[step - 1] != item) {
            out.append(openEvents[item]);
        }
        out.append(deltaHeads[item]).appendJsonEscaped(tokens.get(step));
        if (functionCall) {
            out.append(QUOTE);
        } else {
            out.append(LOGPROBS);
            if (logprobs != null) {
                out.append(logprobs[step]);
            }
            out.append(LOGPROBS_END);
        }
        long sequence = functionCall ? 3L + 3L * item + step : 4L + step;
        out.append(SEQUENCE).appendNumber(sequence).append(EVENT_END);
    }

    @Override
    public void end(EventBuffer out) {
        for (byte[] event : endEvents) {
            out.append(event);
        }
    }

    private static ObjectNode event(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static ObjectNode part(String type, String itemId) {
        return event(type).put("item_id", itemId).put("output_index", 0).put("content_index", 0);
    }

    /** The event line and its data object (type, item_id, output_index and for text content_index), up to the delta's text. */
    private static byte[] head(String type, String itemId, int outputIndex, boolean text) {
        ObjectNode fields =
                text ? part(type, itemId) : event(type).put("item_id", itemId).put("output_index", outputIndex);
        String json = new String(Json.bytes(fields), StandardCharsets.UTF_8);
        return utf8("event: " + type + "\ndata: " + json.substring(0, json.length() - 1) + ",\"delta\":\"");
    }

    private static byte[][] frames(List<ObjectNode> events, int first) {
        byte[][] frames = new byte[events.size()][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = frame(events.get(i), first + i);
        }
        return frames;
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static byte[] frame(ObjectNode event, int sequence) {
        event.put("sequence_number", sequence);
        return utf8("event: " + event.path("type").asText() + "\ndata: "
                + new String(Json.bytes(event), StandardCharsets.UTF_8) + "\n\n");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
