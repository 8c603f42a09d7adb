package io.llmd.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeededRandomTest {

    private static List<Object> draws(SeededRandom random) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(random.nextInt(100));
            out.add(random.nextInt(5, 10));
            out.add(random.nextDouble());
            out.add(random.hex(40));
        }
        return out;
    }

    @Test
    void sameSeedRepeatsEveryDraw() {
        assertThat(draws(new SeededRandom(123))).isEqualTo(draws(new SeededRandom(123)));
    }

    @Test
    void otherSeedDrawsOtherwise() {
        assertThat(draws(new SeededRandom(123))).isNotEqualTo(draws(new SeededRandom(124)));
    }

    @Test
    void hexHasTheAskedLengthInLowerCaseDigits() {
        SeededRandom random = new SeededRandom(1);

        for (int length : new int[] {0, 1, 16, 17, 32, 100}) {
            assertThat(random.hex(length)).matches("[0-9a-f]{" + length + "}");
        }
    }

    @Test
    void hexUsesFreshBitsBeyondSixteenDigits() {
        String hex = new SeededRandom(7).hex(32);

        assertThat(hex.substring(16)).isNotEqualTo(hex.substring(0, 16));
    }

    @Test
    void drawsStayInTheirBounds() {
        SeededRandom random = new SeededRandom(5);

        for (int i = 0; i < 200; i++) {
            assertThat(random.nextInt(3, 6)).isBetween(3, 5);
            assertThat(random.nextInt(4)).isBetween(0, 3);
            assertThat(random.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
    }
}
