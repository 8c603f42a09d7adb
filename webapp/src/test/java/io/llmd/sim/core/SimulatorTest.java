package io.llmd.sim.core;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.llmd.sim.core.TestConfigs.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorTest {
    private static final ModelTarget BASE = new ModelTarget("m", null);
    /** Ten tokens: "w0", " w1", ..., " w9". */
    private static final String TEN_TOKENS = "w0 w1 w2 w3 w4 w5 w6 w7 w8 w9";

    private static Simulator simulator(String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("--model", "m"));
        args.addAll(List.of(extraArgs));
        return new Simulator(config(args.toArray(String[]::new)), new PrometheusRegistry(), new FakeClock(0));
    }

    private static Simulator echo(int maxModelLen) {
        return simulator("--mode", "echo", "--max-model-len", Integer.toString(maxModelLen));
    }

    @Test
    void refusesPromptAndMaxTokensBeyondTheContext() {
        Simulator simulator = echo(20);

        assertThatThrownBy(() -> simulator.plan(new GenerationRequest(BASE, TEN_TOKENS, "hi", 11)))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("max_tokens");
                })
                .hasMessage("This model's maximum context length is 20 tokens. However, you requested 21 tokens "
                        + "(10 in the messages, 11 in the completion). Please reduce the length of the messages "
                        + "or completion.");
    }

    @Test
    void acceptsPromptAndMaxTokensFillingTheContextExactly() {
        Generation generation = echo(20).plan(new GenerationRequest(BASE, TEN_TOKENS, "hi", 10));

        assertThat(generation.promptTokens()).isEqualTo(10);
    }

    @Test
    void refusesAPromptThatFillsTheContextWhenNoMaxTokensIsGiven() {
        Simulator simulator = echo(10);

        assertThatThrownBy(() -> simulator.plan(new GenerationRequest(BASE, TEN_TOKENS, "hi", null)))
                .isInstanceOfSatisfying(SimException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                    assertThat(e.param()).isEqualTo("messages");
                })
                .hasMessageContaining("maximum context length is 10 tokens")
                .hasMessageContaining("has 10 input tokens");
    }

    @Test
    void refusesAHugeMaxTokensWithoutOverflowing() {
        Simulator simulator = echo(20);

        assertThatThrownBy(() -> simulator.plan(new GenerationRequest(BASE, "hi", "hi", Integer.MAX_VALUE)))
                .isInstanceOfSatisfying(SimException.class, e -> assertThat(e.param()).isEqualTo("max_tokens"))
                .hasMessageContaining("you requested " + (1L + Integer.MAX_VALUE) + " tokens");
    }

    @Test
    void countsThePromptWithTheTokenizer() {
        String prompt = "Hello, world! How are you?";

        Generation generation = echo(100).plan(new GenerationRequest(BASE, prompt, "hi", null));

        assertThat(generation.promptTokens()).isEqualTo(Tokenizer.count(prompt));
    }

    @Test
    void echoCutsTheAnswerAtMaxTokens() {
        Generation generation = echo(100).plan(new GenerationRequest(BASE, "p", "one two three four five", 3));

        assertThat(generation.tokens()).containsExactly("one", " two", " three");
        assertThat(generation.completionTokens()).isEqualTo(3);
        assertThat(generation.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void echoAnswersTheWholeTextWhenItFits() {
        Generation generation = echo(100).plan(new GenerationRequest(BASE, "p", "one two three", 3));

        assertThat(generation.text()).isEqualTo("one two three");
        assertThat(generation.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void echoWithoutMaxTokensIsCutAtTheRestOfTheContext() {
        Generation generation = echo(14).plan(new GenerationRequest(BASE, TEN_TOKENS, TEN_TOKENS, null));

        assertThat(generation.tokens()).containsExactly("w0", " w1", " w2", " w3");
        assertThat(generation.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void answersForTheTargetItWasAsked() {
        ModelTarget lora = new ModelTarget("adapter", new LoraModule("adapter", "/p"));

        assertThat(echo(100).plan(new GenerationRequest(lora, "p", "x", null)).target()).isEqualTo(lora);
    }

    @Test
    void randomAnswersAreMadeOfBankSentences() {
        Generation generation = simulator().plan(new GenerationRequest(BASE, "p", "ignored", null));

        assertThat(generation.text()).isNotEmpty().doesNotContain("ignored");
        assertThat(SentenceBank.SENTENCES).anySatisfy(sentence -> assertThat(generation.text()).startsWith(sentence));
        assertThat(generation.finishReason()).isEqualTo(FinishReason.STOP);
    }

    @Test
    void randomModeRepeatsAnswersAndIdsForTheSameSeed() {
        Simulator one = simulator("--seed", "99");
        Simulator two = simulator("--seed", "99");

        assertThat(transcript(one)).isEqualTo(transcript(two));
    }

    @Test
    void randomModeVariesWithTheSeed() {
        assertThat(transcript(simulator("--seed", "1"))).isNotEqualTo(transcript(simulator("--seed", "2")));
    }

    @Test
    void newIdIsThePrefixAndThirtyTwoHexDigits() {
        assertThat(simulator().newId("chatcmpl-")).matches("chatcmpl-[0-9a-f]{32}");
    }

    @Test
    void admittingTakesAPlaceInTheScheduler() {
        Simulator simulator = simulator("--max-num-seqs", "1");
        Generation generation = simulator.plan(new GenerationRequest(BASE, "p", "x", null));

        simulator.admit(generation, 0);
        simulator.admit(generation, 0);

        assertThat(simulator.scheduler().running()).isEqualTo(1);
        assertThat(simulator.scheduler().waiting()).isEqualTo(1);
    }

    @Test
    void admittingAnAdapterRequestLoadsTheAdapter() {
        Simulator simulator = simulator("--lora-modules", "adapter=/p");
        ModelTarget target = simulator.catalog().resolve("adapter");

        simulator.admit(simulator.plan(new GenerationRequest(target, "p", "x", null)), 0);

        assertThat(simulator.scheduler().loadedLoras()).containsExactly("adapter");
    }

    private static List<String> transcript(Simulator simulator) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(simulator.newId("chatcmpl-"));
            out.add(simulator.plan(new GenerationRequest(BASE, "prompt " + i, "echo", null)).text());
        }
        return out;
    }
}
