package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void leavesOutNullFieldsThatDoNotAskToBeWritten() {
        String written = new String(Json.bytes(new StreamOptions(true, null)), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo("{\"include_usage\":true}");
    }

    @Test
    void ignoresUnknownFields() throws JsonProcessingException {
        StreamOptions options =
                Json.mapper().readValue(json("{'include_usage':true,'brand_new':[1]}"), StreamOptions.class);

        assertThat(options).isEqualTo(new StreamOptions(true, null));
    }

    @Test
    void refusesAFractionalNumberWhereAnIntegerIsExpected() {
        assertThatThrownBy(() -> Json.mapper().readValue(json("{'prompt_tokens':1.5}"), Usage.class))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Input should be a valid integer, got a number with a fractional part");
    }

    @Test
    void refusesContentAfterTheDocument() {
        assertThatThrownBy(() -> Json.mapper().readValue(json("{'include_usage':true} {}"), StreamOptions.class))
                .isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void writesNonAsciiTextThatReadsBackTheSame() throws IOException {
        byte[] written = Json.bytes(ErrorResponse.of("é 😀", "BadRequestError", null, 400));

        assertThat(new String(written, StandardCharsets.UTF_8)).contains("\"message\":\"é ");
        assertThat(Json.mapper().readValue(written, ErrorResponse.class).error().message())
                .isEqualTo("é 😀");
    }
}
