package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.serialized;
import static io.llmd.sim.api.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ErrorResponseTest {

    @Test
    void serializesToJson() {
        ErrorResponse error = ErrorResponse.of("The model `gpt-5` does not exist.", "NotFoundError", "model", 404);

        assertThat(serialized(error)).isEqualTo(tree("error-model-not-found.json"));
    }

    @Test
    void writesAMissingParamAsNull() {
        ErrorResponse error = ErrorResponse.of("The server is shutting down.", "ServiceUnavailableError", null, 503);

        assertThat(serialized(error)).isEqualTo(tree("error-without-param.json"));
        assertThat(new String(Json.bytes(error), StandardCharsets.UTF_8)).contains("\"param\":null");
    }

    @Test
    void deserializesFromJson() throws JsonProcessingException {
        assertThat(Json.mapper().readValue(fixture("error-model-not-found.json"), ErrorResponse.class))
                .isEqualTo(ErrorResponse.of("The model `gpt-5` does not exist.", "NotFoundError", "model", 404));
    }

    @Test
    void typeOfGivesVllmsTypeForTheStatus() {
        assertThat(ErrorResponse.typeOf(405)).isEqualTo("MethodNotAllowedError");
        assertThat(ErrorResponse.typeOf(431)).isEqualTo("BadRequestError");
        assertThat(ErrorResponse.typeOf(505)).isEqualTo("InternalServerError");
    }
}
