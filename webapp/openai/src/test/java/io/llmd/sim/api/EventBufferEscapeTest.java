package io.llmd.sim.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Escaping a token straight into the event buffer reads back as the same text, as Jackson's escaping does. */
class EventBufferEscapeTest {

    private static String roundTrip(String text) throws Exception {
        EventBuffer buffer = new EventBuffer()
                .append("\"".getBytes(StandardCharsets.US_ASCII))
                .appendJsonEscaped(text)
                .append("\"".getBytes(StandardCharsets.US_ASCII));
        return Json.mapper().readValue(buffer.toString(), String.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain",
                " with space",
                "quote \" and \\ backslash",
                "line\nbreak\ttab\r\b\f",
                "\u0001\u001f control",
                "é ü ß",
                "€ ☃ 中文",
                "emoji 😀 and 👍🏽",
                "long " + "token "
            })
    void escapesAsJsonAndReadsBackTheSame(String text) throws Exception {
        assertThat(roundTrip(text)).isEqualTo(text);
        String jackson = new String(JsonStringEncoder.getInstance().quoteAsUTF8(text), StandardCharsets.UTF_8);
        EventBuffer ours = new EventBuffer().appendJsonEscaped(text);
        assertThat(Json.mapper().readValue("\"" + ours + "\"", String.class))
                .isEqualTo(Json.mapper().readValue("\"" + jackson + "\"", String.class));
    }

    @Test
    void randomTextOfEveryKindReadsBackTheSame() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(0, 40);
            for (int i = 0; i < length; i++) {
                switch (random.nextInt(4)) {
                    case 0 -> text.append((char) random.nextInt(0, 0x80));
                    case 1 -> text.append((char) random.nextInt(0x80, 0x800));
                    case 2 -> text.append((char) random.nextInt(0x800, 0xD800));
                    default -> text.appendCodePoint(random.nextInt(0x10000, 0x110000));
                }
            }
            assertThat(roundTrip(text.toString())).isEqualTo(text.toString());
        }
    }

    @Test
    void aLoneSurrogateBecomesAQuestionMarkAsStringGetBytesDoes() throws Exception {
        String lone = "a\uD800b";
        assertThat(roundTrip(lone))
                .isEqualTo(new String(lone.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
}
