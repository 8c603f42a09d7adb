package io.llmd.sim.api;

import io.llmd.sim.core.SimException;
import java.util.List;

/** {@code POST /detokenize}: token ids back to text. */
public record DetokenizeRequest(String model, List<Integer> tokens) {

    public void validate() {
        if (tokens == null || tokens.contains(null)) {
            throw SimException.badRequest("tokens must be a list of integers.", "tokens");
        }
    }

    /** {@code {"prompt": text}}. */
    public record Response(String prompt) {}
}
