package io.llmd.sim.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventBufferTest {
    private final EventBuffer buffer = new EventBuffer();

    @ParameterizedTest
    @ValueSource(
            longs = {
                0,
                7,
                10,
                99,
                100,
                1_700_000_000L,
                -1,
                -10,
                -123_456,
                Long.MAX_VALUE,
                -Long.MAX_VALUE,
                Long.MIN_VALUE
            })
    void appendsTheDecimalDigitsOfANumber(long value) {
        buffer.appendNumber(value);

        assertThat(buffer.toString()).isEqualTo(Long.toString(value));
        assertThat(buffer.length()).isEqualTo(Long.toString(value).length());
    }

    @Test
    void appendsNumbersAfterBytes() {
        buffer.append(ascii("a=")).appendNumber(-5).append(ascii(",b=")).appendNumber(0);

        assertThat(buffer.toString()).isEqualTo("a=-5,b=0");
    }

    @Test
    void growsPastItsInitialSize() {
        String big = "x".repeat(5_000);

        buffer.append(ascii("<")).append(ascii(big)).appendNumber(Long.MAX_VALUE);

        assertThat(buffer.toString()).isEqualTo("<" + big + Long.MAX_VALUE);
        assertThat(buffer.array().length).isGreaterThanOrEqualTo(buffer.length());
    }

    @Test
    void growsWhenANumberDoesNotFit() {
        buffer.append(new byte[510]);

        buffer.appendNumber(-Long.MAX_VALUE);

        assertThat(buffer.length()).isEqualTo(510 + 20);
        assertThat(buffer.toString()).endsWith(Long.toString(-Long.MAX_VALUE));
    }

    @Test
    void resetEmptiesItButKeepsItsStorage() {
        buffer.append(ascii("data: x\n\n"));
        byte[] storage = buffer.array();

        buffer.reset();
        buffer.append(ascii("y"));

        assertThat(buffer.toString()).isEqualTo("y");
        assertThat(buffer.array()).isSameAs(storage);
    }

    @Test
    void keepsUtf8BytesIntact() {
        buffer.append("é 😀".getBytes(StandardCharsets.UTF_8));

        assertThat(buffer.toString()).isEqualTo("é 😀");
        assertThat(buffer.length()).isEqualTo("é 😀".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void isEmptyWhenNew() {
        assertThat(buffer.length()).isZero();
        assertThat(buffer.toString()).isEmpty();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
