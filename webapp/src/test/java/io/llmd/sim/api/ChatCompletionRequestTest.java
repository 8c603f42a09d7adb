package io.llmd.sim.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.SimException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatCompletionRequestTest {

    private static ChatCompletionRequest read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, ChatCompletionRequest.class);
    }

    @Test
    void deserializesSnakeCaseFieldsIgnoringUnknownOnes() throws JsonProcessingException {
        ChatCompletionRequest request = read(fixture("chat-request.json"));

        assertThat(request.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(request.messages()).extracting(ChatMessage::role)
                .containsExactly("system", "user", "assistant", "user");
        assertThat(request.messages().get(1).name()).isEqualTo("ann");
        assertThat(request.stream()).isTrue();
        assertThat(request.streamOptions()).isEqualTo(new StreamOptions(true, false));
        assertThat(request.maxTokens()).isEqualTo(50);
        assertThat(request.maxCompletionTokens()).isEqualTo(40);
        assertThat(request.n()).isEqualTo(1);
    }

    @Test
    void fixtureIsAValidRequest() throws JsonProcessingException {
        ChatCompletionRequest request = read(fixture("chat-request.json"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.streaming()).isTrue();
        assertThat(request.includeUsage()).isTrue();
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokens() throws JsonProcessingException {
        assertThat(read(fixture("chat-request.json")).effectiveMaxTokens()).isEqualTo(40);
        assertThat(read(json("{'max_tokens':7}")).effectiveMaxTokens()).isEqualTo(7);
        assertThat(read(json("{'max_completion_tokens':9}")).effectiveMaxTokens()).isEqualTo(9);
        assertThat(read("{}").effectiveMaxTokens()).isNull();
    }

    @Test
    void neitherStreamsNorReportsUsageUnlessAsked() throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'stream_options':{'include_usage':false}}"));

        assertThat(request.streaming()).isFalse();
        assertThat(request.includeUsage()).isFalse();
        assertThat(read("{}").includeUsage()).isFalse();
    }

    @Test
    void readsContentGivenAsTextParts() throws JsonProcessingException {
        ChatCompletionRequest request = read(fixture("chat-request-content-parts.json"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.messages().getFirst().text()).isEqualTo("What is in\nthis picture?");
    }

    @Test
    void promptTextJoinsEveryMessageOnItsOwnLine() throws JsonProcessingException {
        assertThat(read(fixture("chat-request.json")).promptText()).isEqualTo("You are terse.\nSay hi.\n\nAgain.");
    }

    @Test
    void echoesTheLastUserMessage() throws JsonProcessingException {
        assertThat(read(fixture("chat-request.json")).lastUserText()).isEqualTo("Again.");
    }

    @Test
    void echoesNothingWithoutAUserMessage() throws JsonProcessingException {
        assertThat(read(json("{'messages':[{'role':'system','content':'rules'}]}")).lastUserText()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{'messages':null}", "{'messages':[]}"})
    void refusesMissingOrEmptyMessages(String body) throws JsonProcessingException {
        ChatCompletionRequest request = read(json(body));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("messages");
                })
                .hasMessage("messages must be a non-empty list");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{'content':'x'}", "{'role':null,'content':'x'}", "{'role':' ','content':'x'}"})
    void refusesAMessageWithoutRole(String message) throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'user','content':'ok'}," + message + "]}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> assertThat(e.param()).isEqualTo("messages"))
                .hasMessage("messages[1].role is required");
    }

    @Test
    void refusesANullMessage() throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[null]}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> assertThat(e.param()).isEqualTo("messages"))
                .hasMessage("messages[0].role is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "{'type':'text','text':'x'}", "['x']", "[{'text':'x'}]", "[{'type':3}]"})
    void refusesContentThatIsNeitherStringNorParts(String content) throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'user','content':" + content + "}]}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("messages");
                })
                .hasMessage("messages[0].content must be a string or a list of content parts");
    }

    @Test
    void acceptsAMessageWithoutContent() throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'assistant'},{'role':'user','content':null}]}"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.messages()).extracting(ChatMessage::text).containsExactly("", "");
    }

    @ParameterizedTest
    @CsvSource({"max_tokens, 0", "max_tokens, -1", "max_completion_tokens, 0", "max_completion_tokens, -5"})
    void refusesATokenLimitBelowOne(String field, int value) throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'user','content':'hi'}],'" + field + "':"
                + value + "}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("max_tokens");
                })
                .hasMessage("max_tokens must be at least 1, got " + value + ".");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void refusesNBelowOne(int n) throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'user','content':'hi'}],'n':" + n + "}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("n");
                })
                .hasMessage("n must be at least 1, got " + n + ".");
    }

    @Test
    void refusesSeveralChoicesItCannotProduce() throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'user','content':'hi'}],'n':2}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(SimException.class, e -> assertThat(e.param()).isEqualTo("n"));
    }

    @Test
    void refusesAFractionalTokenLimitWhenReading() {
        assertThatThrownBy(() -> read(json("{'messages':[],'max_tokens':1.5}")))
                .isInstanceOf(JsonProcessingException.class);
    }
}
