package io.llmd.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmd.sim.core.SimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CompletionRequestTest {

    private static CompletionRequest read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, CompletionRequest.class);
    }

    @Test
    void deserializesSnakeCaseFieldsIgnoringUnknownOnes() throws JsonProcessingException {
        CompletionRequest request = read(fixture("completion-request.json"));

        assertThat(request.model()).isEqualTo("m");
        assertThat(request.promptText()).isEqualTo("Once upon a time");
        assertThat(request.maxTokens()).isEqualTo(8);
        assertThat(request.streaming()).isTrue();
        assertThat(request.includeUsage()).isFalse();
        assertThatCode(request::validate).doesNotThrowAnyException();
    }

    @Test
    void defaultsToSixteenTokensAsVllmDoes() throws JsonProcessingException {
        assertThat(read(json("{'prompt':'x'}")).effectiveMaxTokens()).isEqualTo(16);
    }

    @Test
    void acceptsAListHoldingOnePrompt() throws JsonProcessingException {
        CompletionRequest request = read(json("{'prompt':['only one']}"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.promptText()).isEqualTo("only one");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'prompt':null}", "{'prompt':''}", "{'prompt':['']}", "{'prompt':5}",
            "{'prompt':true}"})
    void refusesAPromptItCannotRead(String body) throws JsonProcessingException {
        CompletionRequest request = read(json(body));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> assertThat(e.param()).isEqualTo("prompt"));
    }

    @Test
    void refusesMaxTokensBelowOne() throws JsonProcessingException {
        CompletionRequest request = read(json("{'prompt':'x','max_tokens':0}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> assertThat(e.param()).isEqualTo("max_tokens"));
    }
}
