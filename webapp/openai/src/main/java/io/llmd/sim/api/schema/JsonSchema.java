package io.llmd.sim.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.ToolCallOptions;
import org.jspecify.annotations.Nullable;

/**
 * A JSON schema (a {@code response_format} schema or a tool's parameters) read once per request,
 * and the answers made from it. Reading it resolves local {@code $ref}s, folds {@code allOf},
 * refuses a schema no value satisfies, and sizes the smallest value of every part; the
 * smallest value of the whole must fit the model's context. Making an answer is bounded by its
 * token budget, as a model's answer under guided decoding is: where the budget ends, the JSON
 * text ends, and the answer says it was cut. Neither step's work grows with the counts a schema
 * asks for (minItems, minLength, ...), only with the schema's own size and the budget.
 *
 * <p>Not read: {@code pattern}, {@code patternProperties}, {@code contains}, {@code not},
 * {@code if}/{@code then}/{@code else} and the dependent keywords; the faker's values may not
 * satisfy them.
 */
public final class JsonSchema {
    /** Characters per token an answer may average before it is cut, and a floor for small budgets. */
    private static final long CHARS_PER_TOKEN = 16;

    private static final long MIN_CHARS = 64 * 1024;
    /** The most characters of one answer whatever its token budget: a guard on memory. */
    private static final long MAX_CHARS = 8L * 1024 * 1024;

    private static final long SATURATED = 1_000_000_000_000_000_000L;
    private final Shape root;

    private JsonSchema(Shape root) {
        this.root = root;
    }

    /**
     * Reads a schema.
     *
     * @param contextTokens the model's context: the smallest value must fit it
     * @throws SchemaException when no value satisfies the schema, its smallest value does not fit
     *                         the context, or it is nested or large beyond the simulator's limits
     */
    public static JsonSchema compile(JsonNode schema, int contextTokens) {
        SchemaCompiler compiler = new SchemaCompiler(schema);
        Shape root = compiler.compile();
        ShapeSizes.size(compiler.shapes());
        if (!root.finite()) {
            throw new SchemaException("#: no finite JSON value satisfies the schema (a required part is false, "
                    + "allows nothing, or must contain itself).");
        }
        if (root.minTokens > contextTokens) {
            throw new SchemaException("#: the smallest value the schema allows takes " + amount(root.minTokens)
                    + " tokens, more than the model's context of " + contextTokens + " tokens.");
        }
        if (root.minChars > maxChars(contextTokens)) {
            throw new SchemaException("#: the smallest value the schema allows takes " + amount(root.minChars)
                    + " characters, more than an answer within the model's context of " + contextTokens
                    + " tokens may hold (" + maxChars(contextTokens) + ").");
        }
        if (root.minDepth > SchemaFaker.MAX_DEPTH) {
            throw new SchemaException("#: the smallest value the schema allows nests " + root.minDepth
                    + " levels deep, more than " + SchemaFaker.MAX_DEPTH + ".");
        }
        return new JsonSchema(root);
    }

    /**
     * Makes up an answer.
     *
     * @param maxTokens the most tokens the answer may have: the text stops soon after
     */
    public Answer answer(SeededRandom random, int maxTokens) {
        return answer(random, maxTokens, null);
    }

    /**
     * Makes up a tool call's arguments, within the bounds of {@code tools} where the schema allows.
     *
     * @param maxTokens the most tokens the answer may have: the text stops soon after
     * @param tools     the bounds of tool-call arguments, or null for none (a response_format answer)
     */
    public Answer answer(SeededRandom random, int maxTokens, @Nullable ToolCallOptions tools) {
        JsonBudget out = new JsonBudget(maxTokens, maxChars(maxTokens));
        new SchemaFaker(random, out, tools).write(root);
        return new Answer(out.text(), out.cut());
    }

    /** A size as a message gives it: sizes that saturated are only known to be enormous. */
    private static String amount(long size) {
        return size >= SATURATED ? "more than 10^18" : "at least " + size;
    }

    private static long maxChars(long tokens) {
        return Math.min(MAX_CHARS, Math.max(MIN_CHARS, tokens * CHARS_PER_TOKEN));
    }

    /**
     * An answer's JSON text, and whether it was cut: then it ends where the budget ended, as
     * incomplete JSON, and the answer ends for its length.
     */
    public record Answer(String json, boolean cut) {}
}
