package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * pydantic's words for a value of the wrong JSON type, which vLLM puts in its 400: Jackson's own
 * ("Cannot deserialize value of type `java.util.ArrayList<...>`...") name Java types a client
 * never sees.
 */
public final class WrongType {

    private WrongType() {}

    /** What is wrong with the value, e.g. "Input should be a valid list". */
    public static String describe(MismatchedInputException e) {
        Class<?> target = e.getTargetType();
        if (e instanceof InvalidNullException || !(target == null || isScalar(target))) {
            String kind = kind(target);
            if (kind != null) {
                return "Input should be a valid " + kind;
            }
        }
        return e.getOriginalMessage(); // LaxScalars' refusals are already in pydantic's words
    }

    private static boolean isScalar(Class<?> type) {
        return type.isPrimitive()
                || type == String.class
                || type == Boolean.class
                || Number.class.isAssignableFrom(type);
    }

    private static @Nullable String kind(@Nullable Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == String.class) {
            return "string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean";
        }
        if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
            return "integer";
        }
        if (type == Double.class || type == double.class) {
            return "number";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "list";
        }
        if (Map.class.isAssignableFrom(type) || JsonNode.class.isAssignableFrom(type)) {
            return "dictionary";
        }
        if (type.isRecord()) {
            return "dictionary or object to extract fields from";
        }
        return null;
    }
}
