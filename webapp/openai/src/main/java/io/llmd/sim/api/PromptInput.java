package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The four shapes vLLM takes for a prompt or an input to embed: a text, a list of token ids, a
 * list of texts, or a list of token-id lists (texts and id lists may mix, as pydantic reads the
 * union item by item).
 */
public final class PromptInput {
    private PromptInput() {}

    /** Whether {@code node} has one of the four shapes. */
    public static boolean isValid(JsonNode node) {
        return node.isTextual() || isTokenIds(node) || isListOfPrompts(node);
    }

    /**
     * Each prompt in order, read as text by {@code text} or as token ids by {@code ids}; the node
     * must be {@linkplain #isValid valid}.
     */
    public static <T> List<T> each(JsonNode node, Function<String, T> text, Function<List<Integer>, T> ids) {
        List<T> prompts = new ArrayList<>();
        if (node.isTextual()) {
            prompts.add(text.apply(node.textValue()));
        } else if (isTokenIds(node)) {
            prompts.add(ids.apply(ids(node)));
        } else {
            for (JsonNode item : node) {
                prompts.add(item.isTextual() ? text.apply(item.textValue()) : ids.apply(ids(item)));
            }
        }
        return prompts;
    }

    /** A non-empty list of whole numbers that fit an int. */
    public static boolean isTokenIds(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return false;
        }
        for (JsonNode item : node) {
            // As pydantic reads list[int]: a whole number written as a float (5.0) is an id too.
            boolean whole =
                    item.isIntegralNumber() || (item.isFloatingPointNumber() && item.canConvertToExactIntegral());
            if (!whole || !item.canConvertToInt()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isListOfPrompts(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isTextual() && !isTokenIds(item)) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> ids(JsonNode node) {
        List<Integer> ids = new ArrayList<>(node.size());
        node.forEach(item -> ids.add(item.intValue()));
        return ids;
    }
}
