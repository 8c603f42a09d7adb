package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Vocabulary;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompletionRequestTest {
    private final Vocabulary vocabulary = new Vocabulary();

    private static CompletionRequest read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, CompletionRequest.class);
    }

    private static void assertRefused(CompletionRequest request, String param) {
        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo(param));
    }

    @Test
    void deserializesSnakeCaseFieldsIgnoringUnknownOnes() throws JsonProcessingException {
        CompletionRequest request = read(fixture("completion-request.json"));

        assertThat(request.model()).isEqualTo("m");
        assertThat(request.promptTexts(vocabulary)).containsExactly("Once upon a time");
        assertThat(request.maxTokens()).isEqualTo(8);
        assertThat(request.streaming()).isTrue();
        assertThat(request.includeUsage()).isFalse();
        assertThat(request.echoes()).isFalse();
        assertThat(request.logprobCount()).isEqualTo(2);
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
        assertThat(request.promptTexts(vocabulary)).containsExactly("only one");
    }

    @Test
    void readsAListOfPromptsInOrder() throws JsonProcessingException {
        CompletionRequest request = read(json("{'prompt':['first one','second one','third']}"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.promptTexts(vocabulary)).containsExactly("first one", "second one", "third");
    }

    @Test
    void readsAPromptOfTokenIdsThroughTheVocabulary() throws JsonProcessingException {
        List<Integer> ids = vocabulary.encode("Once upon a time");
        CompletionRequest request = read("{\"prompt\":" + ids + "}");

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.promptTexts(vocabulary)).containsExactly("Once upon a time");
    }

    @Test
    void readsAListOfTokenIdListsAndMixedPrompts() throws JsonProcessingException {
        List<Integer> one = vocabulary.encode("first prompt");
        List<Integer> two = vocabulary.encode("second prompt");
        CompletionRequest request = read("{\"prompt\":[" + one + "," + two + ",\"third prompt\"]}");

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.promptTexts(vocabulary)).containsExactly("first prompt", "second prompt", "third prompt");
    }

    @Test
    void readsTokenIdsNeverHandedOutAsPlaceholders() throws JsonProcessingException {
        CompletionRequest request = read(json("{'prompt':[9999999]}"));

        assertThat(request.promptTexts(vocabulary)).containsExactly(" <9999999>");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{'prompt':null}",
                "{'prompt':''}",
                "{'prompt':[]}",
                "{'prompt':5}",
                "{'prompt':true}",
                "{'prompt':{'text':'x'}}",
                "{'prompt':[1.5]}",
                "{'prompt':[[]]}",
                "{'prompt':[['x']]}",
                "{'prompt':[null]}",
                "{'prompt':[[1,'x']]}"
            })
    void refusesAPromptItCannotRead(String body) throws JsonProcessingException {
        assertRefused(read(json(body)), "prompt");
    }

    @Test
    void refusesMaxTokensBelowOne() throws JsonProcessingException {
        assertRefused(read(json("{'prompt':'x','max_tokens':0}")), "max_tokens");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 21})
    void refusesLogprobsOutsideZeroToTwenty(int logprobs) throws JsonProcessingException {
        CompletionRequest request = read(json("{'prompt':'x','logprobs':" + logprobs + "}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("logprobs"))
                .hasMessage("logprobs must be between 0 and 20, got " + logprobs + ".");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 20})
    void acceptsLogprobsFromZeroToTwenty(int logprobs) throws JsonProcessingException {
        CompletionRequest request = read(json("{'prompt':'x','logprobs':" + logprobs + "}"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.logprobCount()).isEqualTo(logprobs);
        assertThat(request.sampling().logprobs()).isEqualTo(logprobs);
    }

    @Test
    void asksForNoLogprobsUnlessGiven() throws JsonProcessingException {
        assertThat(read(json("{'prompt':'x'}")).logprobCount()).isEqualTo(-1);
    }

    @Test
    void echoesOnlyWhenAsked() throws JsonProcessingException {
        assertThat(read(json("{'prompt':'x','echo':true}")).echoes()).isTrue();
        assertThat(read(json("{'prompt':'x','echo':false}")).echoes()).isFalse();
        assertThat(read(json("{'prompt':'x'}")).echoes()).isFalse();
    }

    @Test
    void samplingCarriesTheEndingFields() throws JsonProcessingException {
        CompletionRequest request = read(json("{'prompt':'x','n':3,'min_tokens':2,'ignore_eos':true,"
                + "'stop':'###','stop_token_ids':[7,9],'include_stop_str_in_output':true,'max_tokens':5}"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.sampling())
                .isEqualTo(new GenerationRequest.Sampling(3, 2, true, List.of("###"), Set.of(7, 9), true, -1));
    }

    @Test
    void minTokensIsCheckedAgainstTheDefaultMaxTokens() throws JsonProcessingException {
        assertRefused(read(json("{'prompt':'x','min_tokens':17}")), "min_tokens");
        assertThatCode(read(json("{'prompt':'x','min_tokens':16}"))::validate).doesNotThrowAnyException();
    }

    @Test
    void acceptsUpToOneHundredTwentyEightChoices() throws JsonProcessingException {
        assertThatCode(read(json("{'prompt':'x','n':128}"))::validate).doesNotThrowAnyException();
        assertRefused(read(json("{'prompt':'x','n':129}")), "n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'prompt':['']}", "{'prompt':['ok','']}"})
    void refusesAnEmptyPromptInAList(String body) throws JsonProcessingException {
        assertRefused(read(json(body)), "prompt");
    }
}
