package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedderTest {

    @Test
    void givesAUnitVectorOfTheDimensionsAskedFor() {
        float[] vector = Embedder.embed(Tokenizer.tokenize("The food was delicious"), 384);
        assertThat(vector).hasSize(384);
        assertThat(norm(vector)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void givesTheSameInputTheSameVector() {
        assertThat(Embedder.embed(Tokenizer.tokenize("same words"), 64))
                .containsExactly(Embedder.embed(Tokenizer.tokenize("same words"), 64));
    }

    @Test
    void givesDifferentInputsDifferentVectors() {
        float[] a = Embedder.embed(Tokenizer.tokenize("the cat sat"), 64);
        float[] b = Embedder.embed(Tokenizer.tokenize("a dog ran"), 64);
        assertThat(dot(a, b)).isLessThan(0.9);
    }

    @Test
    void tellsWordOrdersApart() {
        float[] a = Embedder.embed(List.of("dog", " bites", " man"), 64);
        float[] b = Embedder.embed(List.of("man", " bites", " dog"), 64);
        assertThat(dot(a, b)).isLessThan(0.999);
    }

    @Test
    void pointsInputsThatShareWordsInSimilarDirections() {
        float[] query = Embedder.embed(Tokenizer.tokenize("How is the weather in Paris today"), 256);
        float[] close = Embedder.embed(Tokenizer.tokenize("The weather in Paris today is sunny"), 256);
        float[] far = Embedder.embed(Tokenizer.tokenize("Quantum chromodynamics explains gluons"), 256);
        assertThat(dot(query, close)).isGreaterThan(dot(query, far) + 0.2);
    }

    @Test
    void makesAShorterVectorFromTheLongerOnesPrefix() {
        float[] full = Embedder.embed(Tokenizer.tokenize("matryoshka"), 128);
        float[] short8 = Embedder.embed(Tokenizer.tokenize("matryoshka"), 8);
        float[] prefix = java.util.Arrays.copyOf(full, 8);
        double scale = norm(prefix);
        for (int i = 0; i < 8; i++) {
            assertThat((double) short8[i]).isCloseTo(prefix[i] / scale, within(1e-5));
        }
    }

    @Test
    void givesAnInputWithoutTokensAUnitVectorToo() {
        assertThat(norm(Embedder.embed(List.of(), 16))).isCloseTo(1.0, within(1e-5));
        assertThat(Embedder.embed(List.of(), 16)).containsExactly(Embedder.embed(List.of(), 16));
    }

    @Test
    void refusesDimensionsOutOfRange() {
        assertThatThrownBy(() -> Embedder.embed(List.of("a"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Embedder.embed(List.of("a"), Embedder.MAX_DIMENSIONS + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static double norm(float[] vector) {
        return Math.sqrt(dot(vector, vector));
    }

    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }
}
