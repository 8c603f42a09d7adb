package io.llmd.sim.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Hand-made request bytes, built once per run and sent as read-only duplicates. The prompt is
 * plain words, each one token for the simulator's tokenizer, so that echo mode answers with
 * exactly {@code max_tokens} tokens.
 */
final class Requests {
    static final String MODEL = "bench-model";
    private static final String[] WORDS = {
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
        "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "token", "stream", "latency", "bench"
    };

    private Requests() {}

    /** A chat completion request for {@code host:port}. */
    static ByteBuffer chat(int port, int promptWords, int maxTokens, boolean stream) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < promptWords; i++) {
            if (i > 0) {
                prompt.append(' ');
            }
            prompt.append(WORDS[i % WORDS.length]);
        }
        String body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],"
                + "\"max_tokens\":" + maxTokens + ",\"stream\":" + stream
                + (stream ? ",\"ignore_eos\":true" : "") + "}";
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Accept: " + (stream ? "text/event-stream" : "application/json") + "\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer request = ByteBuffer.allocate(headBytes.length + bodyBytes.length);
        request.put(headBytes).put(bodyBytes).flip();
        return request.asReadOnlyBuffer();
    }
}
