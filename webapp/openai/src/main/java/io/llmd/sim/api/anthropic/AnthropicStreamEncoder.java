package io.llmd.sim.api.anthropic;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.api.EventBuffer;
import io.llmd.sim.api.Json;
import io.llmd.sim.api.StreamEncoder;
import io.llmd.sim.core.Choice;
import io.llmd.sim.core.FinishReason;
import io.llmd.sim.core.Generation;
import io.llmd.sim.core.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Messages API's named events for one streamed answer, as vLLM sends them (with Anthropic's
 * {@code ping} after the first block starts): {@code message_start} with the first token, then the
 * content block ({@code text} or {@code tool_use}) opened, one {@code content_block_delta} per
 * token ({@code text_delta}, or {@code input_json_delta} for a tool call's arguments), and at the
 * end {@code content_block_stop}, {@code message_delta} (stop reason and usage), {@code
 * message_stop} and vLLM's closing {@code data: [DONE]}. Each event is {@code event: NAME} and
 * {@code data: JSON}; everything but the tokens is encoded before the stream starts.
 */
public final class AnthropicStreamEncoder implements StreamEncoder {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final byte[] PING = ascii("event: ping\ndata: {\"type\":\"ping\"}\n\n");
    private static final byte[] MESSAGE_STOP = ascii("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    private static final byte[] DONE = ascii("data: [DONE]\n\n");
    private static final byte[] DELTA_END = ascii("\"}}\n\n");

    private final List<String> tokens;
    private final byte[] messageStart;
    /** Each content block's start, delta head and stop: the text, or one block per tool call. */
    private final byte[][] blockStarts;

    private final byte[][] deltas;
    private final byte[][] blockStops;
    /** The content block of each token. */
    private final int[] blockAt;

    private final byte[] messageDelta;
    private final int promptTokens;

    /**
     * @param id    the message's id
     * @param model the model as the request named it
     */
    public AnthropicStreamEncoder(String id, String model, Generation generation) {
        Choice choice = generation.first();
        this.tokens = choice.tokens();
        this.promptTokens = generation.promptTokens();
        ObjectNode message =
                NODES.objectNode().put("id", id).put("type", "message").put("role", "assistant");
        message.putArray("content");
        message.put("model", model).putNull("stop_reason");
        message.putNull("stop_sequence");
        message.putObject("usage")
                .put("input_tokens", generation.promptTokens())
                .put("output_tokens", 0);
        ObjectNode start = NODES.objectNode().put("type", "message_start");
        start.set("message", message);
        this.messageStart = event("message_start", start);
        int blocks = Math.max(1, choice.toolCalls().size());
        this.blockStarts = new byte[blocks][];
        this.deltas = new byte[blocks][];
        this.blockStops = new byte[blocks][];
        for (int index = 0; index < blocks; index++) {
            ObjectNode blockStart =
                    NODES.objectNode().put("type", "content_block_start").put("index", index);
            ObjectNode block = blockStart.putObject("content_block");
            if (choice.toolCalls().isEmpty()) {
                block.put("type", "text").put("text", "");
            } else {
                ToolCall call = choice.toolCalls().get(index);
                block.put("type", "tool_use")
                        .put("id", call.id())
                        .put("name", call.name())
                        .putObject("input");
            }
            blockStarts[index] = event("content_block_start", blockStart);
            deltas[index] = ascii("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":"
                    + index + ",\"delta\":{\"type\":"
                    + (choice.toolCalls().isEmpty()
                            ? "\"text_delta\",\"text\":\""
                            : "\"input_json_delta\",\"partial_json\":\""));
            blockStops[index] = event(
                    "content_block_stop",
                    NODES.objectNode().put("type", "content_block_stop").put("index", index));
        }
        this.blockAt = new int[tokens.size()];
        int[] starts = choice.toolCallStarts();
        for (int call = 0; call < starts.length; call++) {
            Arrays.fill(blockAt, starts[call], call + 1 < starts.length ? starts[call + 1] : blockAt.length, call);
        }
        this.messageDelta = messageDelta(choice.finishReason(), tokens.size());
    }

    private byte[] messageDelta(FinishReason reason, int outputTokens) {
        ObjectNode end = NODES.objectNode().put("type", "message_delta");
        end.putObject("delta")
                .put("stop_reason", AnthropicResponse.stopReason(reason))
                .putNull("stop_sequence");
        end.putObject("usage").put("input_tokens", promptTokens).put("output_tokens", outputTokens);
        return event("message_delta", end);
    }

    /** One step per token; an answer without tokens still has one, which starts the message. */
    @Override
    public int steps() {
        return Math.max(1, tokens.size());
    }

    /** As in vLLM, nothing goes out before the first token: the message starts with it. */
    @Override
    public void start(EventBuffer out) {}

    @Override
    public void step(EventBuffer out, int step) {
        if (step == 0) {
            out.append(messageStart);
            if (tokens.isEmpty()) {
                return;
            }
            out.append(blockStarts[0]).append(PING);
        } else if (blockAt[step] != blockAt[step - 1]) {
            // The next tool call: its block opens once the one before is closed.
            out.append(blockStops[blockAt[step - 1]]).append(blockStarts[blockAt[step]]);
        }
        out.append(deltas[blockAt[step]]).appendJsonEscaped(tokens.get(step)).append(DELTA_END);
    }

    @Override
    public void end(EventBuffer out) {
        if (!tokens.isEmpty()) {
            out.append(blockStops[blockAt[tokens.size() - 1]]);
        }
        out.append(messageDelta).append(MESSAGE_STOP).append(DONE);
    }

    /**
     * Ends the message of an aborted request as vLLM's Messages endpoint does: its stop reason is
     * the one vLLM maps {@code abort} to ({@code end_turn}), its usage the tokens that went out.
     */
    @Override
    public boolean aborted(EventBuffer out, int stepsDelivered) {
        if (stepsDelivered == 0) {
            out.append(messageStart);
        } else if (!tokens.isEmpty()) {
            // The block the last delivered step wrote into is still open.
            out.append(blockStops[blockAt[Math.min(stepsDelivered, tokens.size()) - 1]]);
        }
        out.append(messageDelta(FinishReason.ABORT, Math.min(stepsDelivered, tokens.size())))
                .append(MESSAGE_STOP)
                .append(DONE);
        return true;
    }

    private static byte[] event(String name, ObjectNode data) {
        byte[] json = Json.bytes(data);
        byte[] head = ascii("event: " + name + "\ndata: ");
        byte[] event = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, event, 0, head.length);
        System.arraycopy(json, 0, event, head.length, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        return event;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
