package io.llmd.sim.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.llmd.sim.core.PromptTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json}, read by the Rust {@code tokenizers} library through DJL's
 * binding, so that prompts get the ids a router computes with the same file. Nothing is truncated or
 * padded: a prompt's ids are all its ids, as vLLM counts them before it checks the context. It
 * lives as long as its engine; the library frees its native part when it is collected.
 */
final class HfTokenizer implements PromptTokenizer {
    /** DJL's choice of native build (cpu, or a CUDA version). */
    private static final String FLAVOR = "RUST_FLAVOR";

    private final HuggingFaceTokenizer tokenizer;

    private HfTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Reads a {@code tokenizer.json}.
     *
     * @throws IllegalArgumentException when the file is not a tokenizer the library reads
     */
    static HfTokenizer open(Path file) {
        if (System.getenv(FLAVOR) == null && System.getProperty(FLAVOR) == null) {
            // The jar carries the CPU builds only; on a machine with CUDA, DJL would look for a CUDA
            // build and try to download it. A tokenizer needs no GPU.
            System.setProperty(FLAVOR, "cpu");
        }
        try {
            return new HfTokenizer(HuggingFaceTokenizer.newInstance(
                    file, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "true")));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the tokenizer " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "Cannot read " + file + " as a Hugging Face tokenizer.json: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Integer> encode(String text, boolean addSpecialTokens) {
        long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
        List<Integer> out = new ArrayList<>(ids.length);
        for (long id : ids) {
            out.add((int) id);
        }
        return out;
    }

    /** The ids straight into an array, without the boxed list {@link #encode} makes (a prompt's, once per request). */
    @Override
    public int[] ids(String text, boolean addSpecialTokens) {
        long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /** The ids' text, special tokens included (as vLLM's {@code /detokenize} gives them). */
    @Override
    public String decode(List<Integer> ids) {
        long[] longs = new long[ids.size()];
        for (int i = 0; i < longs.length; i++) {
            longs[i] = ids.get(i);
        }
        return tokenizer.decode(longs, false);
    }
}
