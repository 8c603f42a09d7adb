package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * vLLM (FastAPI) never negotiates content: whatever a client says it accepts, every endpoint
 * answers exactly as it would without an Accept header, never 406.
 */
class AcceptHeaderTest {
    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String COMPLETION = "{\"model\":\"m\",\"prompt\":\"hi\",\"max_tokens\":2}";

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/json",
                "*/*",
                "text/plain",
                "text/event-stream",
                "text/html",
                "application/xml",
                "application/json, text/plain, */*",
                "image/png;q=0.5",
                "nonsense",
                ";;",
                ""
            })
    void everyEndpointAnswersWhateverTheClientAccepts(String accept) {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo")) {
            assertSame(sim.get("/health"), sim.get("/health", "Accept", accept), 200);
            assertSame(sim.get("/v1/models"), sim.get("/v1/models", "Accept", accept), 200);
            assertSame(sim.get("/version"), sim.get("/version", "Accept", accept), 200);
            assertSame(
                    sim.post("/tokenize", "{\"prompt\":\"a b\"}"),
                    sim.post("/tokenize", "{\"prompt\":\"a b\"}", "Accept", accept),
                    200);
            assertSame(
                    sim.post("/detokenize", "{\"tokens\":[1,2]}"),
                    sim.post("/detokenize", "{\"tokens\":[1,2]}", "Accept", accept),
                    200);
            assertSameStatusAndType(
                    sim.post("/v1/chat/completions", CHAT),
                    sim.post("/v1/chat/completions", CHAT, "Accept", accept),
                    200);
            assertSameStatusAndType(
                    sim.post("/v1/completions", COMPLETION),
                    sim.post("/v1/completions", COMPLETION, "Accept", accept),
                    200);
            // refusals too: a bad body, an unknown model, an unknown path
            assertSame(
                    sim.post("/v1/chat/completions", "{\"messages\":[]}"),
                    sim.post("/v1/chat/completions", "{\"messages\":[]}", "Accept", accept),
                    400);
            assertSame(
                    sim.post("/v1/completions", "{\"model\":\"x\",\"prompt\":\"hi\"}"),
                    sim.post("/v1/completions", "{\"model\":\"x\",\"prompt\":\"hi\"}", "Accept", accept),
                    404);
            assertSame(sim.get("/v1/nowhere"), sim.get("/v1/nowhere", "Accept", accept), 404);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "text/plain", "text/event-stream", "nonsense"})
    void loraAdaptersLoadAndUnloadWhateverTheClientAccepts(String accept) {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo")) {
            InMemorySim.Reply loaded = sim.post(
                    "/v1/load_lora_adapter", "{\"lora_name\":\"l1\",\"lora_path\":\"/a/l1\"}", "Accept", accept);

            assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
            assertThat(loaded.contentType()).startsWith("text/plain");
            assertThat(loaded.body()).isEqualTo("Success: LoRA adapter 'l1' added successfully.");
            assertThat(sim.get("/v1/models").body()).contains("\"id\":\"l1\"");

            InMemorySim.Reply unloaded =
                    sim.post("/v1/unload_lora_adapter", "{\"lora_name\":\"l1\"}", "Accept", accept);

            assertThat(unloaded.status()).as(unloaded.body()).isEqualTo(200);
            assertThat(unloaded.body()).isEqualTo("Success: LoRA adapter 'l1' removed successfully.");
            assertThat(sim.get("/v1/models").body()).doesNotContain("\"id\":\"l1\"");

            InMemorySim.Reply refused = sim.post("/v1/unload_lora_adapter", "{\"lora_name\":\"l1\"}", "Accept", accept);
            assertThat(refused.status()).isEqualTo(404);
            assertThat(refused.contentType()).startsWith("application/json");
        }
    }

    private static void assertSame(InMemorySim.Reply without, InMemorySim.Reply with, int status) {
        assertSameStatusAndType(without, with, status);
        assertThat(with.body()).isEqualTo(without.body());
    }

    private static void assertSameStatusAndType(InMemorySim.Reply without, InMemorySim.Reply with, int status) {
        assertThat(without.status()).as(without.body()).isEqualTo(status);
        assertThat(with.status()).as(with.body()).isEqualTo(status);
        assertThat(with.contentType()).isEqualTo(without.contentType());
    }
}
