package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message of a chat request. {@code content} is a string, an array of content parts, or
 * null (an assistant message carrying tool calls).
 */
public record ChatMessage(String role, JsonNode content, String name) {

    /** The message's text: the string, or the text parts joined; other parts add nothing. */
    public String text() {
        return MessageContent.text(content);
    }
}
