package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the text out of message content or a prompt given as a string or as content parts. */
final class MessageContent {

    private MessageContent() {}

    static String text(JsonNode content) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.textValue();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            JsonNode partText = part.get("text");
            if ("text".equals(part.path("type").asText()) && partText != null && partText.isTextual()) {
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(partText.textValue());
            }
        }
        return text.toString();
    }

    /** How many image parts content has. */
    static int imageParts(JsonNode content) {
        int images = 0;
        if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                String type = part.path("type").asText();
                if (type.equals("image_url") || type.equals("input_image") || type.equals("image")) {
                    images++;
                }
            }
        }
        return images;
    }

    /**
     * Whether content has an accepted shape: null, a string, or an array of objects with a type,
     * where a text part's text is a string (vLLM's pydantic model refuses any other).
     */
    static boolean wellFormed(JsonNode content) {
        if (content == null || content.isNull() || content.isTextual()) {
            return true;
        }
        if (!content.isArray()) {
            return false;
        }
        for (JsonNode part : content) {
            if (!part.isObject() || !part.path("type").isTextual()) {
                return false;
            }
            if (part.path("type").textValue().equals("text")
                    && !part.path("text").isTextual()) {
                return false;
            }
        }
        return true;
    }
}
