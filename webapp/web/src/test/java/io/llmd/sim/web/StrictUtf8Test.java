package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParseException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictUtf8Test {

    private static byte[] readThrough(String hex) throws IOException {
        try (StrictUtf8.Checking in =
                new StrictUtf8.Checking(new ByteArrayInputStream(HexFormat.of().parseHex(hex)))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"7b7d", "c3a9", "e282ac", "f09f9880", "f48fbfbf", "ed9fbf", "efbbbf7b7d"})
    void passesWellFormedUtf8Unchanged(String hex) throws IOException {
        assertThat(HexFormat.of().formatHex(readThrough(hex))).isEqualTo(hex);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c0af", "e08080", "eda080", "f4908080", "f5808080", "ff", "80", "e282", "c328"})
    void refusesMalformedUtf8AsAJsonParseError(String hex) {
        assertThatThrownBy(() -> readThrough(hex))
                .isInstanceOf(JsonParseException.class)
                .hasMessageContaining("Invalid UTF-8");
    }
}
