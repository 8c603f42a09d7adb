package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiKeyFilterTest {

    @ParameterizedTest
    @CsvSource({
        "/v1/models, /v1/models",
        "/v1;x/models, /v1/models",
        "/v1/models;a=b, /v1/models",
        "//v1//models, /v1/models",
        "/%76%31/models, /v1/models",
        "/v1%2Fmodels, /v1/models",
        "/v1/./models, /v1/models",
        "/x/../v1/models, /v1/models",
        "/../../v1, /v1",
        "/%zz/v1, /%zz/v1",
        "'', /",
        "/, /"
    })
    void seesAPathAsTheRouterDoes(String raw, String canonical) {
        assertThat(ApiKeyFilter.canonical(raw)).isEqualTo(canonical);
    }
}
