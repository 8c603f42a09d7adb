package io.llmd.sim.core;

import java.util.List;

/**
 * A store of answers recorded from a real model, in the Go simulator's dataset shape: each answer
 * is its {@code gen_tokens} JSON text ({@code {"Tokens":[ids],"Strings":[token texts]}}), found by
 * the SHA-256 of its prompt's token ids or by its length. The engine chooses among them
 * ({@link RecordedAnswerPicker}); a store only looks them up, so that the engine needs no database
 * driver. Implementations are safe for concurrent use.
 */
public interface RecordedAnswers extends AutoCloseable {

    /** The {@code gen_tokens} of every answer recorded for the prompt whose token ids hash to {@code promptHash}. */
    List<String> forPrompt(byte[] promptHash);

    /**
     * How many answers have {@code length} tokens or fewer ({@code exact}: exactly {@code length});
     * every answer when {@code length} is negative.
     */
    long count(int length, boolean exact);

    /** The {@code gen_tokens} of answer {@code index} (from 0, below {@link #count}) of those {@link #count} counts, in a fixed order. */
    String get(int length, boolean exact, long index);

    /** Lets the store go. */
    @Override
    void close();

    /** Opens a store; deployed in a jar of its own and found through {@link java.util.ServiceLoader}. */
    interface Factory {
        /**
         * Opens the dataset {@code options} names, downloading it first if it has a URL and the file
         * is not there yet.
         *
         * @throws IllegalStateException naming what is wrong: a failed download, a missing file or
         *                               table, a column of the wrong type
         */
        RecordedAnswers open(DatasetOptions options);
    }
}
