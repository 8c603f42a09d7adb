package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Block hashes as vLLM computes them. The expected values were computed with Python 3.11 from
 * vLLM's rules ({@code hashlib.sha256(pickle.dumps(key, protocol=5))}, and SHA-256 over the
 * canonical CBOR of the key), the key being {@code (parent, tuple(tokens), extra keys or None)}
 * and the first parent the hash of the seed string.
 */
class BlockHasherTest {
    private static final int[] ONE_TO_32 = IntStream.rangeClosed(1, 32).toArray();

    @Test
    void pickleHashesMatchPythons() {
        BlockHasher hasher = new BlockHasher(PrefixHashAlgo.SHA256, "0", 16, new SeededRandom(1));

        assertThat(hasher.hash(ONE_TO_32, null, null).hashes())
                .containsExactly(0x6896072ae8b31325L, 0x7d92dcbb5b559e31L);
        assertThat(hasher.hash(ONE_TO_32, "lora1", "salt").hashes())
                .containsExactly(0x665da157d6370bd0L, 0xbb0c3790dfd16e0bL);
    }

    @Test
    void cborHashesMatchPythons() {
        BlockHasher hasher = new BlockHasher(PrefixHashAlgo.SHA256_CBOR, "0", 16, new SeededRandom(1));

        assertThat(hasher.hash(ONE_TO_32, null, null).hashes())
                .containsExactly(0x2ceabcfae6d332eaL, 0x26470bbec927f5bfL);
        assertThat(hasher.hash(ONE_TO_32, "lora1", "salt").hashes())
                .containsExactly(0xa6e9005a5c78cad0L, 0xc4ee3cd2b2d2c603L);
    }

    @Test
    void largeTokenIdsUseTheirWiderEncodings() {
        int[] tokens = new int[33];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = new int[] {300, 70000, 5}[i % 3];
        }

        assertThat(new BlockHasher(PrefixHashAlgo.SHA256, "42", 16, new SeededRandom(1))
                        .hash(tokens, null, null)
                        .hashes())
                .containsExactly(0x5c498d85d794dfe5L, 0x5c142d33d9c29e70L);
        assertThat(new BlockHasher(PrefixHashAlgo.SHA256_CBOR, "42", 16, new SeededRandom(1))
                        .hash(tokens, null, null)
                        .hashes())
                .containsExactly(0x23ee26108d1e719fL, 0xcf91d2da4c382614L);
    }

    @Test
    void onlyFullBlocksAreHashedAndEachChainsItsParent() {
        BlockHasher hasher = new BlockHasher(PrefixHashAlgo.SHA256, "0", 16, new SeededRandom(1));

        PromptBlocks short31 = hasher.hash(IntStream.rangeClosed(1, 31).toArray(), null, null);
        PromptBlocks other = hasher.hash(IntStream.rangeClosed(2, 33).toArray(), null, null);

        assertThat(short31.hashes()).containsExactly(0x6896072ae8b31325L);
        assertThat(other.hashes()[1]).as("the same tokens after another parent").isNotEqualTo(0x7d92dcbb5b559e31L);
    }

    @Test
    void withoutASeedTheChainStartsFromTheSeededGenerator() {
        long first = new BlockHasher(PrefixHashAlgo.SHA256, null, 16, new SeededRandom(7))
                .hash(ONE_TO_32, null, null)
                .hashes()[0];

        assertThat(new BlockHasher(PrefixHashAlgo.SHA256, null, 16, new SeededRandom(7))
                        .hash(ONE_TO_32, null, null)
                        .hashes()[0])
                .isEqualTo(first);
        assertThat(new BlockHasher(PrefixHashAlgo.SHA256, null, 16, new SeededRandom(8))
                        .hash(ONE_TO_32, null, null)
                        .hashes()[0])
                .isNotEqualTo(first);
    }

    @Test
    void theXxhashAlgorithmsAreRefused() {
        assertThatThrownBy(() -> PrefixHashAlgo.parse("xxhash"))
                .hasMessage("must be 'sha256' or 'sha256_cbor', not 'xxhash'");
        assertThat(PrefixHashAlgo.parse(" SHA256_CBOR ")).isEqualTo(PrefixHashAlgo.SHA256_CBOR);
    }
}
