package io.llmd.sim.api.responses;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.Generation;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Responses API's named events for one streamed answer, each with its {@code sequence_number}
 * (0, 1, ... across the stream): {@code response.created} and {@code response.in_progress} as soon
 * as the request is admitted; with the first token the output item and (for a message) its text
 * part are added; one {@code response.output_text.delta} (or {@code
 * response.function_call_arguments.delta}) per token; at the end the text or arguments are done,
 * the part and the item are done, and {@code response.completed} carries the whole response.
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
    private final byte[][] logprobs;
    private final boolean functionCall;
    private final byte[] deltaHead;
    private final byte[][] startEvents;
    private final byte[][] openEvents;
    private final byte[][] endEvents;

    /** @param answer the response this stream tells */
    public ResponsesStreamEncoder(ResponseObject answer, Generation generation) {
        Choice choice = generation.first();
        this.tokens = choice.tokens();
        this.functionCall = answer.isFunctionCall();
        String itemId = answer.itemId();
        this.logprobs = choice.logprobs() == null || functionCall ? null : new byte[tokens.size()][];
        for (int i = 0; logprobs != null && i < tokens.size(); i++) {
            logprobs[i] = Json.bytes(ResponseObject.logprob(choice.logprobs().get(i)));
        }
        ObjectNode created = event("response.created");
        created.set("response", answer.inProgress());
        ObjectNode inProgress = event("response.in_progress");
        inProgress.set("response", answer.inProgress());
        ObjectNode itemAdded = event("response.output_item.added").put("output_index", 0);
        itemAdded.set("item", answer.item(false));
        ObjectNode itemDone = event("response.output_item.done").put("output_index", 0);
        itemDone.set("item", answer.item(true));
        ObjectNode completed = event("response.completed");
        completed.set("response", answer.completed());
        ObjectNode[] opening;
        ObjectNode[] closing;
        if (functionCall) {
            ObjectNode argumentsDone = event("response.function_call_arguments.done")
                    .put("item_id", itemId)
                    .put("output_index", 0)
                    .put("name", choice.toolCall().name())
                    .put("arguments", choice.text());
            opening = new ObjectNode[] {itemAdded};
            closing = new ObjectNode[] {argumentsDone, itemDone, completed};
            this.deltaHead = head("response.function_call_arguments.delta", itemId, false);
        } else {
            ObjectNode partAdded = part("response.content_part.added", itemId);
            partAdded.set("part", answer.textPart(""));
            ObjectNode textDone = part("response.output_text.done", itemId).put("text", choice.text());
            if (logprobs != null) {
                textDone.set("logprobs", answer.textPart(choice.text()).get("logprobs"));
            }
            ObjectNode partDone = part("response.content_part.done", itemId);
            partDone.set("part", answer.textPart(choice.text()));
            opening = new ObjectNode[] {itemAdded, partAdded};
            closing = new ObjectNode[] {textDone, partDone, itemDone, completed};
            this.deltaHead = head("response.output_text.delta", itemId, true);
        }
        this.startEvents = new byte[][] {frame(created, 0), frame(inProgress, 1)};
        this.openEvents = new byte[opening.length][];
        for (int i = 0; i < opening.length; i++) {
            openEvents[i] = frame(opening[i], 2 + i);
        }
        int next = 2 + opening.length + tokens.size();
        this.endEvents = new byte[closing.length][];
        for (int i = 0; i < closing.length; i++) {
            endEvents[i] = frame(closing[i], next + i);
        }
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
        if (step == 0) {
            for (byte[] event : openEvents) {
                out.append(event);
            }
        }
        if (step >= tokens.size()) {
            return;
        }
        out.append(deltaHead).appendJsonEscaped(tokens.get(step));
        if (functionCall) {
            out.append(QUOTE);
        } else {
            out.append(LOGPROBS);
            if (logprobs != null) {
                out.append(logprobs[step]);
            }
            out.append(LOGPROBS_END);
        }
        out.append(SEQUENCE).appendNumber(2L + openEvents.length + step).append(EVENT_END);
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
    private static byte[] head(String type, String itemId, boolean text) {
        ObjectNode fields =
                text ? part(type, itemId) : event(type).put("item_id", itemId).put("output_index", 0);
        String json = new String(Json.bytes(fields), StandardCharsets.UTF_8);
        return utf8("event: " + type + "\ndata: " + json.substring(0, json.length() - 1) + ",\"delta\":\"");
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
