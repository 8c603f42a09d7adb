package io.llmd.sim.core;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An engine reads prompts with the tokenization it is given; the built-in one by default. */
class TokenizationTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);

    /** A tokenizer whose ids tell what it was asked: one id per character, and 99 first when special tokens are added. */
    private static final class CharTokenizer implements PromptTokenizer {
        @Override
        public List<Integer> encode(String text, boolean addSpecialTokens) {
            List<Integer> ids = new ArrayList<>();
            if (addSpecialTokens) {
                ids.add(99);
            }
            text.chars().forEach(ids::add);
            return ids;
        }

        @Override
        public String decode(List<Integer> ids) {
            StringBuilder text = new StringBuilder();
            ids.forEach(id -> text.appendCodePoint(id));
            return text.toString();
        }
    }

    private static Simulator engine(String... flags) {
        return new Simulator(
                config(flags),
                new FakeClock(0),
                List.of(),
                null,
                null,
                builtIn -> new Tokenization(new CharTokenizer(), builtIn.chatTemplate(), "chars"));
    }

    private static GenerationRequest request(String prompt, boolean templated) {
        return new GenerationRequest(
                BASE,
                prompt,
                0,
                "",
                1,
                GenerationRequest.Sampling.DEFAULT,
                null,
                Generation.KvTransfer.NONE,
                null,
                null,
                templated);
    }

    @Test
    void aRawPromptGetsTheTokenizersSpecialTokensAndATemplatedOneDoesNot() {
        Simulator engine = engine("--model", "m", "--block-size", "16");

        Generation raw = engine.plan(request("abcd", false));
        Generation templated = engine.plan(request("abcd", true));

        assertThat(raw.promptTokens()).isEqualTo(5);
        // The blocks' tokens go on with the answer's (its full blocks are cached too).
        assertThat(java.util.Arrays.copyOf(raw.prompt().tokens(), 5)).containsExactly(99, 'a', 'b', 'c', 'd');
        assertThat(templated.promptTokens()).isEqualTo(4);
        assertThat(java.util.Arrays.copyOf(templated.prompt().tokens(), 4)).containsExactly('a', 'b', 'c', 'd');
    }

    @Test
    void withoutPrefixCachingTheTokenizerStillCountsThePrompt() {
        Generation plan = engine("--model", "m", "--no-enable-prefix-caching").plan(request("abc", false));

        assertThat(plan.promptTokens()).isEqualTo(4);
        assertThat(plan.prompt()).isNull();
    }

    @Test
    void theBuiltInTokenizationIsTheVocabularyAndTheChatMlTemplate() {
        Simulator engine = new Simulator(config("--model", "m"), new FakeClock(0), List.of());

        assertThat(engine.tokenizer()).isSameAs(engine.vocabulary());
        assertThat(engine.chatTemplate()).isInstanceOf(ChatMlTemplate.class);
        assertThat(engine.tokenizationDescription()).contains("built-in");
    }

    @Test
    void theChatMlTemplateWrapsEachMessageInItsRolesMarkers() {
        ChatTemplate template = new ChatMlTemplate();
        List<Map<String, Object>> messages =
                List.of(Map.of("role", "system", "content", "Be brief."), Map.of("role", "user", "content", "Hi"));

        assertThat(template.render(messages, true))
                .isEqualTo("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\n");
        assertThat(template.render(messages.subList(1, 2), false)).isEqualTo("<|im_start|>user\nHi<|im_end|>\n");
        // The built-in tokenizer reads each marker as one token: a one-word message is 7 prompt tokens.
        assertThat(Tokenizer.tokenize(template.render(messages.subList(1, 2), true)))
                .containsExactly("<|im_start|>", "user", "\nHi", "<|im_end|>", "\n<|im_start|>", "assistant", "\n");
    }

    @Test
    void aConversationsNextTurnStartsWithThePromptOfTheTurnBefore() {
        ChatTemplate template = new ChatMlTemplate();
        Map<String, Object> question = Map.of("role", "user", "content", "What is a block?");
        String turnOne = template.render(List.of(question), true);
        String turnTwo = template.render(
                List.of(
                        question,
                        Map.of("role", "assistant", "content", "A run of tokens."),
                        Map.of("role", "user", "content", "And a hash?")),
                true);

        Vocabulary vocabulary = new Vocabulary();
        List<Integer> one = vocabulary.encode(turnOne);
        List<Integer> two = vocabulary.encode(turnTwo);
        // All of turn one but its generation prompt's last token (the assistant's answer follows it).
        assertThat(two.subList(0, one.size() - 1)).isEqualTo(one.subList(0, one.size() - 1));
    }
}
