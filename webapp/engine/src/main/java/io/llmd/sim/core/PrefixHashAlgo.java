package io.llmd.sim.core;

import java.util.Locale;

/**
 * How vLLM serializes a block's (parent hash, token ids, extra keys) before hashing it with
 * SHA-256 ({@code --prefix-caching-hash-algo}): Python's pickle, its default, or canonical CBOR.
 * The xxhash variants need a library vLLM keeps optional; the simulator refuses them.
 */
public enum PrefixHashAlgo {
    /** {@code pickle.dumps(key, protocol=5)}, vLLM's default. */
    SHA256("sha256"),
    /** {@code cbor2.dumps(key, canonical=True)}: the same bytes from any language. */
    SHA256_CBOR("sha256_cbor");

    private final String flagValue;

    PrefixHashAlgo(String flagValue) {
        this.flagValue = flagValue;
    }

    public String flagValue() {
        return flagValue;
    }

    static PrefixHashAlgo parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        for (PrefixHashAlgo algo : values()) {
            if (algo.flagValue.equals(value)) {
                return algo;
            }
        }
        throw new IllegalArgumentException("must be 'sha256' or 'sha256_cbor', not '" + text + "'");
    }
}
