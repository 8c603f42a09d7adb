package io.llmd.sim.core;

import java.util.List;

/**
 * The log probability of a chosen token and of the most likely tokens at its place.
 *
 * @param token   the chosen token
 * @param logprob its log probability (at most 0)
 * @param top     the most likely tokens, most likely first; the chosen one is first
 */
public record TokenLogprob(String token, double logprob, List<Alternative> top) {
    public TokenLogprob {
        top = List.copyOf(top);
    }

    /** A candidate token and its log probability. */
    public record Alternative(String token, double logprob) {}
}
