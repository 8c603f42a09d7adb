package io.llmd.sim.api;

import static io.llmd.sim.api.Fixtures.fixture;
import static io.llmd.sim.api.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.llmd.sim.core.ChatTemplate;
import io.llmd.sim.core.ErrorKind;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.SeededRandom;
import io.llmd.sim.core.SimException;
import io.llmd.sim.core.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChatCompletionRequestTest {

    private static ChatCompletionRequest read(String json) throws JsonProcessingException {
        return Json.mapper().readValue(json, ChatCompletionRequest.class);
    }

    @Test
    void deserializesSnakeCaseFieldsIgnoringUnknownOnes() throws JsonProcessingException {
        ChatCompletionRequest request = read(fixture("chat-request.json"));

        assertThat(request.model()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
        assertThat(request.messages())
                .extracting(ChatMessage::role)
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
        assertThat(read(json("{'max_completion_tokens':9}")).effectiveMaxTokens())
                .isEqualTo(9);
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
    void promptTextRendersEveryMessageThroughTheBuiltInChatTemplate() throws JsonProcessingException {
        assertThat(read(fixture("chat-request.json")).promptText())
                .isEqualTo("<|im_start|>system\nYou are terse.<|im_end|>\n"
                        + "<|im_start|>user\nSay hi.<|im_end|>\n"
                        + "<|im_start|>assistant\n<|im_end|>\n"
                        + "<|im_start|>user\nAgain.<|im_end|>\n"
                        + "<|im_start|>assistant\n");
    }

    @Test
    void theTemplateSeesEachMessagesRoleTextAndNameAndTheGenerationPromptAsked() throws JsonProcessingException {
        List<Object> seen = new ArrayList<>();
        ChatTemplate recording = (messages, addGenerationPrompt) -> {
            seen.add(messages);
            seen.add(addGenerationPrompt);
            return "rendered";
        };

        String prompt = read(json("{'messages':[{'role':'user','content':[{'type':'text','text':'a'},"
                        + "{'type':'text','text':'b'}],'name':'ann'}],'add_generation_prompt':false}"))
                .promptText(recording);

        assertThat(prompt).isEqualTo("rendered");
        assertThat(seen).containsExactly(List.of(Map.of("role", "user", "content", "a\nb", "name", "ann")), false);
        assertThat(read(json("{'messages':[{'role':'user','content':'x'}]}")).addGenerationPrompt())
                .isTrue();
    }

    @Test
    void echoesTheLastUserMessage() throws JsonProcessingException {
        assertThat(read(fixture("chat-request.json")).lastUserText()).isEqualTo("Again.");
    }

    @Test
    void echoesNothingWithoutAUserMessage() throws JsonProcessingException {
        assertThat(read(json("{'messages':[{'role':'system','content':'rules'}]}"))
                        .lastUserText())
                .isEmpty();
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
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("messages"))
                .hasMessage("messages[1].role is required");
    }

    @Test
    void refusesANullMessageWhenReading() {
        assertThatThrownBy(() -> read(json("{'messages':[null]}"))).isInstanceOf(JsonProcessingException.class);
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
        ChatCompletionRequest request =
                read(json("{'messages':[{'role':'assistant'},{'role':'user','content':null}]}"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.messages()).extracting(ChatMessage::text).containsExactly("", "");
    }

    @ParameterizedTest
    @CsvSource({"max_tokens, 0", "max_tokens, -1", "max_completion_tokens, 0", "max_completion_tokens, -5"})
    void refusesATokenLimitBelowOne(String field, int value) throws JsonProcessingException {
        ChatCompletionRequest request =
                read(json("{'messages':[{'role':'user','content':'hi'}],'" + field + "':" + value + "}"));

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
                .hasMessage("n must be between 1 and 128, got " + n + ".");
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 128})
    void acceptsSeveralChoices(int n) throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'user','content':'hi'}],'n':" + n + "}"));

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.choices()).isEqualTo(n);
        assertThat(request.sampling().n()).isEqualTo(n);
    }

    @Test
    void refusesMoreChoicesThanTheLimit() throws JsonProcessingException {
        ChatCompletionRequest request = read(json("{'messages':[{'role':'user','content':'hi'}],'n':129}"));

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("n"))
                .hasMessage("n must be between 1 and 128, got 129.");
    }

    @Test
    void refusesAFractionalTokenLimitWhenReading() {
        assertThatThrownBy(() -> read(json("{'messages':[],'max_tokens':1.5}")))
                .isInstanceOf(JsonProcessingException.class);
    }

    private static ChatCompletionRequest withHi(String fields) throws JsonProcessingException {
        return read(json("{'messages':[{'role':'user','content':'hi'}]," + fields + "}"));
    }

    private static void assertRefused(ChatCompletionRequest request, String param) {
        assertThatThrownBy(request::validate).isInstanceOfSatisfying(SimException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
            assertThat(e.param()).isEqualTo(param);
        });
    }

    @Test
    void fixtureCarriesItsStopStringsAndNoLogprobs() throws JsonProcessingException {
        ChatCompletionRequest request = read(fixture("chat-request.json"));

        assertThat(request.sampling())
                .isEqualTo(new GenerationRequest.Sampling(1, 0, false, List.of("\n\n"), Set.of(), false, -1));
        assertThat(request.tools()).hasSize(1);
        assertThat(request.toolChoice().asText()).isEqualTo("auto");
    }

    @Test
    void samplingCarriesEveryEndingField() throws JsonProcessingException {
        ChatCompletionRequest request = withHi("'n':2,'min_tokens':3,'ignore_eos':true,'stop':['a','b'],"
                + "'stop_token_ids':[1,2],'include_stop_str_in_output':true,'logprobs':true,'top_logprobs':4");

        assertThatCode(request::validate).doesNotThrowAnyException();
        assertThat(request.sampling())
                .isEqualTo(new GenerationRequest.Sampling(2, 3, true, List.of("a", "b"), Set.of(1, 2), true, 4));
    }

    @Test
    void samplingDefaultsAsVllmDoes() throws JsonProcessingException {
        assertThat(withHi("'model':'m'").sampling()).isEqualTo(GenerationRequest.Sampling.DEFAULT);
    }

    @Test
    void logprobsWithoutTopLogprobsAskForTheChosenTokensOnly() throws JsonProcessingException {
        assertThat(withHi("'logprobs':true").logprobCount()).isZero();
        assertThat(withHi("'logprobs':false").logprobCount()).isEqualTo(-1);
        assertThat(withHi("'logprobs':true,'top_logprobs':20").logprobCount()).isEqualTo(20);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 21})
    void refusesTopLogprobsOutsideZeroToTwenty(int top) throws JsonProcessingException {
        assertRefused(withHi("'logprobs':true,'top_logprobs':" + top), "top_logprobs");
    }

    @Test
    void refusesTopLogprobsWithoutLogprobs() throws JsonProcessingException {
        assertRefused(withHi("'top_logprobs':2"), "top_logprobs");
        assertRefused(withHi("'logprobs':false,'top_logprobs':2"), "top_logprobs");
    }

    @Test
    void refusesNegativeMinTokens() throws JsonProcessingException {
        ChatCompletionRequest request = withHi("'min_tokens':-1");

        assertThatThrownBy(request::validate)
                .isInstanceOfSatisfying(
                        SimException.class, e -> assertThat(e.param()).isEqualTo("min_tokens"))
                .hasMessage("min_tokens must be at least 0, got -1.");
    }

    @Test
    void refusesMinTokensAboveMaxTokens() throws JsonProcessingException {
        assertRefused(withHi("'min_tokens':6,'max_tokens':5"), "min_tokens");
        assertRefused(withHi("'min_tokens':6,'max_tokens':50,'max_completion_tokens':5"), "min_tokens");
        assertThatCode(withHi("'min_tokens':5,'max_tokens':5")::validate).doesNotThrowAnyException();
        assertThatCode(withHi("'min_tokens':500")::validate).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "[1]", "['a', 2]", "{'a':'b'}", "[null]"})
    void refusesStopThatIsNeitherAStringNorStrings(String stop) throws JsonProcessingException {
        assertRefused(withHi("'stop':" + stop), "stop");
    }

    @Test
    void acceptsStopAsAStringOrStrings() throws JsonProcessingException {
        assertThat(withHi("'stop':'END'").sampling().stop()).containsExactly("END");
        assertThat(withHi("'stop':['a','b']").sampling().stop()).containsExactly("a", "b");
        assertThat(withHi("'stop':null").sampling().stop()).isEmpty();
        assertThatCode(withHi("'stop':['a','b']")::validate).doesNotThrowAnyException();
    }

    @Test
    void refusesANullStopTokenIdWhenReading() {
        assertThatThrownBy(() -> withHi("'stop_token_ids':[1,null]")).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void refusesToolsOfTheWrongShape() throws JsonProcessingException {
        assertRefused(withHi("'tools':{'type':'function'}"), "tools");
        assertRefused(withHi("'tools':[{'type':'function','function':{'parameters':{}}}]"), "tools");
    }

    @Test
    void refusesAToolChoiceNotInTools() throws JsonProcessingException {
        assertRefused(
                withHi("'tools':[" + TOOL + "],'tool_choice':{'type':'function','function':{'name':'g'}}"),
                "tool_choice");
        assertRefused(withHi("'tool_choice':'required'"), "tool_choice");
    }

    @Test
    void acceptsANamedToolChoice() throws JsonProcessingException {
        assertThatCode(
                        withHi("'tools':[" + TOOL + "],'tool_choice':{'type':'function','function':{'name':'f'}}")
                                ::validate)
                .doesNotThrowAnyException();
    }

    @Test
    void refusesAResponseFormatItDoesNotKnow() throws JsonProcessingException {
        assertRefused(withHi("'response_format':{'type':'xml'}"), "response_format");
        assertRefused(withHi("'response_format':{'type':'json_schema','json_schema':{'name':'x'}}"), "response_format");
    }

    @Test
    void countsAFixedNumberOfTokensPerImage() throws JsonProcessingException {
        assertThat(read(fixture("chat-request-content-parts.json")).imageTokens())
                .isEqualTo(256);
        assertThat(withHi("'n':1").imageTokens()).isZero();
        assertThat(read(json(
                                "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'a'}},"
                                        + "{'type':'input_image'},{'type':'text','text':'x'}]},{'role':'user','content':[{'type':'image'}]}]}"))
                        .imageTokens())
                .isEqualTo(3 * 256);
    }

    @Test
    void plainRequestsHaveNoStructuredAnswers() throws JsonProcessingException {
        assertThat(withHi("'n':2").structuredAnswers(new SeededRandom(1), 4096)).isNull();
        assertThat(withHi("'response_format':{'type':'text'}").structuredAnswers(new SeededRandom(1), 4096))
                .isNull();
        assertThat(withHi("'tools':[]").structuredAnswers(new SeededRandom(1), 4096))
                .isNull();
    }

    @Test
    void requiredToolChoiceGivesEveryChoiceACallOfAGivenTool() throws JsonProcessingException {
        ChatCompletionRequest request = withHi("'n':3,'tool_choice':'required','tools':[" + TOOL + ","
                + "{'type':'function','function':{'name':'g','parameters':{'type':'object','properties':"
                + "{'x':{'type':'integer'}},'required':['x']}}}]");

        List<GenerationRequest.StructuredAnswer> answers = request.structuredAnswers(new SeededRandom(7), 4096);

        assertThat(answers).hasSize(3).allSatisfy(answer -> {
            assertThat(answer.json()).isNull();
            assertThat(answer.toolCall().name()).isIn("f", "g");
            assertThat(answer.toolCall().id()).matches("chatcmpl-tool-[0-9a-f]{32}");
            assertThat(Fixtures.readTree(answer.toolCall().arguments()).isObject())
                    .isTrue();
        });
    }

    @Test
    void noneToolChoiceAnswersWithText() throws JsonProcessingException {
        ChatCompletionRequest request = withHi("'n':2,'tool_choice':'none','tools':[" + TOOL + "]");

        assertThat(request.structuredAnswers(new SeededRandom(1), 4096))
                .hasSize(2)
                .containsOnlyNulls();
    }

    @Test
    void jsonSchemaGivesEveryChoiceJsonContent() throws JsonProcessingException {
        ChatCompletionRequest request = withHi(
                "'n':2,'response_format':{'type':'json_schema','json_schema':"
                        + "{'name':'w','schema':{'type':'object','properties':{'city':{'type':'string'}},'required':['city']}}}");

        assertThat(request.structuredAnswers(new SeededRandom(3), 4096))
                .hasSize(2)
                .allSatisfy(answer -> {
                    assertThat(answer.toolCall()).isNull();
                    assertThat(Fixtures.readTree(answer.json()).get("city").isTextual())
                            .isTrue();
                });
    }

    /** The 240-byte requests that ran the heap out, and schemas no value satisfies: refused, naming the field. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "{'type':'array','minItems':2000000000}",
                "{'type':'string','minLength':2000000000}",
                "{'type':'array','minItems':40,'items':{'type':'array','minItems':40,'items':{'type':'array','minItems':40,"
                        + "'items':{'type':'array','minItems':40,'items':{'type':'array','minItems':40,'items':"
                        + "{'type':'array','minItems':40}}}}}}",
                "{'type':'integer','minimum':5,'maximum':1}",
                "{'enum':[]}",
                "{'$ref':'#/$defs/nowhere'}"
            })
    void aSchemaNoAnswerCanSatisfyIsRefusedNamingItsField(String schema) throws JsonProcessingException {
        ChatCompletionRequest format = withHi(
                "'response_format':{'type':'json_schema','json_schema':{'name':'x'," + "'schema':" + schema + "}}");
        ChatCompletionRequest tool = withHi("'tools':[" + TOOL + ",{'type':'function','function':{'name':'g',"
                + "'parameters':{'type':'object','properties':{'a':" + schema + "},'required':['a']}}}]");

        assertStructuredRefused(format, "response_format", "response_format.json_schema.schema #");
        assertStructuredRefused(tool, "tools", "tools[1].function.parameters #");
    }

    private static void assertStructuredRefused(ChatCompletionRequest request, String param, String start) {
        assertThatThrownBy(() -> request.structuredAnswers(new SeededRandom(1), 300))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo(param);
                    assertThat(e.getMessage()).startsWith(start);
                });
    }

    @Test
    void structuredAnswersAreMadeOnlyUpToTheTokenLimitAndSaySoWhenCut() throws JsonProcessingException {
        String array = "{'type':'array','items':{'type':'integer'},'minItems':100}";
        ChatCompletionRequest format = withHi("'max_tokens':20,'response_format':{'type':'json_schema','json_schema':"
                + "{'name':'x','schema':" + array + "}}");
        ChatCompletionRequest tool = withHi("'max_completion_tokens':20,'tool_choice':'required','tools':[{'type':"
                + "'function','function':{'name':'g','parameters':{'type':'object','properties':{'a':" + array + "},"
                + "'required':['a']}}}]");

        GenerationRequest.StructuredAnswer content =
                format.structuredAnswers(new SeededRandom(1), 300).get(0);
        GenerationRequest.StructuredAnswer call =
                tool.structuredAnswers(new SeededRandom(1), 300).get(0);

        assertThat(content.cut()).isTrue();
        assertThat(Tokenizer.count(content.json())).isEqualTo(21);
        assertThat(call.cut()).isTrue();
        assertThat(Tokenizer.count(call.toolCall().arguments())).isEqualTo(21);
    }

    @Test
    void toolChoiceNoneReadsNoParameterSchema() throws JsonProcessingException {
        ChatCompletionRequest request =
                withHi("'tool_choice':'none','tools':[{'type':'function','function':{'name':'g',"
                        + "'parameters':{'type':'array','minItems':2000000000}}}]");

        assertThat(request.structuredAnswers(new SeededRandom(1), 300)).containsOnlyNulls();
    }

    @Test
    void sameSeedGivesTheSameStructuredAnswers() throws JsonProcessingException {
        ChatCompletionRequest request = withHi("'n':4,'tools':[" + TOOL + "]");

        assertThat(request.structuredAnswers(new SeededRandom(9), 4096))
                .isEqualTo(request.structuredAnswers(new SeededRandom(9), 4096));
    }

    @Test
    void continuousUsageIsOnWithIncludeUsage() throws JsonProcessingException {
        ChatCompletionRequest request =
                withHi("'stream':true,'stream_options':{'include_usage':true," + "'continuous_usage_stats':true}");

        assertThat(request.includeUsage()).isTrue();
        assertThat(request.continuousUsage()).isTrue();
        assertThat(withHi("'stream':true").continuousUsage()).isFalse();
    }

    @Test
    void continuousUsageNeedsIncludeUsageAsInVllm() throws JsonProcessingException {
        assertThat(withHi("'stream':true,'stream_options':{'continuous_usage_stats':true}")
                        .continuousUsage())
                .isFalse();
    }

    private static final String TOOL = "{'type':'function','function':{'name':'f','parameters':{'type':'object',"
            + "'properties':{'city':{'type':'string'}},'required':['city']}}}";
}
