package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.api.Json;
import io.llmd.sim.core.RequestTrace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The resources note, for the request log, the model a request named and the run that answered it. */
class ExchangeNotesTest {
    private static final String CHAT =
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"one two three\"}]%s}";

    private final InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo");

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void notesAWholeAnswersRunWhoseTraceCountsWhatItsUsageSays() throws Exception {
        InMemorySim.Reply reply = sim.post("/v1/chat/completions", CHAT.formatted(""));

        var usage = Json.mapper().readTree(reply.body()).path("usage");
        ExchangeNotes.Answer answer = answer();
        assertThat(sim.property(ExchangeNotes.MODEL)).isEqualTo("m");
        assertThat(answer.streamed()).isFalse();
        assertThat(answer.usage()).isTrue();
        RequestTrace trace = answer.run().trace();
        assertThat(trace.promptTokens()).isEqualTo(usage.path("prompt_tokens").asInt());
        assertThat(trace.generated())
                .isEqualTo(usage.path("completion_tokens").asInt())
                .isPositive();
    }

    @Test
    void notesWhetherAStreamCarriesUsage() {
        sim.post("/v1/chat/completions", CHAT.formatted(",\"stream\":true"));
        assertThat(answer().streamed()).isTrue();
        assertThat(answer().usage()).isFalse();
        assertThat(answer().run().trace().generated()).isEqualTo(3);

        sim.post(
                "/v1/chat/completions", CHAT.formatted(",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(answer().streamed()).isTrue();
        assertThat(answer().usage()).isTrue();
    }

    @Test
    void notesTheModelOfARequestThatIsRefusedOrNeedsNoRun() {
        sim.post("/v1/chat/completions", CHAT.formatted("").replace("\"m\"", "\"nope\""));
        assertThat(sim.property(ExchangeNotes.MODEL)).isEqualTo("nope");
        assertThat(sim.property(ExchangeNotes.ANSWER)).isNull();

        sim.post("/v1/completions", "{\"model\":\"m\",\"prompt\":\"hi\"}", "X-Return-Error", "503");
        assertThat(sim.property(ExchangeNotes.MODEL)).isEqualTo("m");
        assertThat(sim.property(InjectedFailures.CAUSE)).isEqualTo("X-Return-Error");

        sim.post("/tokenize", "{\"model\":\"m\",\"prompt\":\"a b\"}");
        assertThat(sim.property(ExchangeNotes.MODEL)).isEqualTo("m");
        sim.post("/detokenize", "{\"model\":\"m\",\"tokens\":[1]}");
        assertThat(sim.property(ExchangeNotes.MODEL)).isEqualTo("m");
    }

    @Test
    void notesNoModelForARequestThatNamesNone() {
        sim.post("/tokenize", "{\"prompt\":\"a b\"}");

        assertThat(sim.property(ExchangeNotes.MODEL)).isNull();
    }

    private ExchangeNotes.Answer answer() {
        return (ExchangeNotes.Answer) sim.property(ExchangeNotes.ANSWER);
    }
}
