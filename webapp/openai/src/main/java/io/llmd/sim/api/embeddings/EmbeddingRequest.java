package io.llmd.sim.api.embeddings;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.PromptInput;
import io.llmd.sim.core.Embedder;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Tokenizer;
import io.llmd.sim.core.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /v1/embeddings}: {@code input} is a string, a list of strings, a list of token ids or
 * a list of lists of token ids, one vector each; {@code dimensions} shortens the vectors (the
 * simulated model is a Matryoshka one, so any length from 1 is allowed); {@code encoding_format}
 * is {@code float} (the default) or {@code base64}, which the OpenAI SDKs ask for.
 */
public record EmbeddingRequest(String model, JsonNode input, Integer dimensions, String encodingFormat, String user) {

    /** One input to embed: its tokens, and how many it counts in {@code usage}. */
    public record Input(List<String> tokens, int promptTokens) {}

    /** Checks what the shape of JSON alone cannot; throws a 400 naming the field. */
    public void validate() {
        if (input == null || input.isNull()) {
            throw SimException.badRequest("input is required", "input");
        }
        if (!PromptInput.isValid(input)) {
            throw SimException.badRequest(
                    "input must be a string, a list of strings, a list of token ids, or a list of lists of token ids",
                    "input");
        }
        if ((input.isTextual() && input.textValue().isEmpty()) || (input.isArray() && input.isEmpty())) {
            throw SimException.badRequest("input must not be empty", "input");
        }
        for (JsonNode item : input) {
            if ((item.isTextual() && item.textValue().isEmpty()) || (item.isArray() && item.isEmpty())) {
                throw SimException.badRequest("input must not contain an empty input", "input");
            }
            if (item.isArray()) {
                checkIds(item);
            }
        }
        checkIds(input);
        if (dimensions != null && dimensions < 1) {
            // vLLM's words, from its pooling parameters' check of a Matryoshka model.
            throw SimException.badRequest("Dimensions must be greater than 0", "dimensions");
        }
        if (dimensions != null && dimensions > Embedder.MAX_DIMENSIONS) {
            throw SimException.badRequest(
                    "dimensions must be at most " + Embedder.MAX_DIMENSIONS + ", got " + dimensions + ".",
                    "dimensions");
        }
        if (encodingFormat != null && !encodingFormat.equals("float") && !encodingFormat.equals("base64")) {
            throw SimException.badRequest(
                    "encoding_format must be 'float' or 'base64', got '" + encodingFormat + "'.", "encoding_format");
        }
    }

    /** Whether the vectors go out as base64 strings of little-endian float32s. */
    public boolean base64() {
        return "base64".equals(encodingFormat);
    }

    /** The vectors' length: the request's, else the server's default. */
    public int dimensionsOr(int serverDefault) {
        return dimensions != null ? dimensions : serverDefault;
    }

    /**
     * The inputs, in order. A text is split as the tokenizer splits prompts; token ids are read
     * through the vocabulary, so that a text and its ids from {@code /tokenize} embed alike.
     */
    public List<Input> inputs(Vocabulary vocabulary) {
        return PromptInput.each(input, EmbeddingRequest::text, ids -> ids(ids, vocabulary));
    }

    private static Input text(String text) {
        List<String> tokens = Tokenizer.tokenize(text);
        return new Input(tokens, tokens.size());
    }

    private static Input ids(List<Integer> ids, Vocabulary vocabulary) {
        List<String> tokens = new ArrayList<>(ids.size());
        ids.forEach(id -> tokens.add(vocabulary.token(id)));
        return new Input(tokens, tokens.size());
    }

    private static void checkIds(JsonNode node) {
        if (!PromptInput.isTokenIds(node)) {
            return;
        }
        for (JsonNode id : node) {
            if (id.intValue() < 0) {
                throw SimException.badRequest("Token id " + id.intValue() + " is out of vocabulary", "input");
            }
        }
    }
}
