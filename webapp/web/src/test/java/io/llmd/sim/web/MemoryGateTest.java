package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * While the heap is short new work gets a 503 with vLLM's error body, before its body is read,
 * instead of the server running out of memory; reading requests still pass.
 */
class MemoryGateTest {
    private static final HeapWatch SHORT = new HeapWatch(
            new HeapWatch.Readings() {
                @Override
                public long max() {
                    return 100;
                }

                @Override
                public long used() {
                    return 99;
                }

                @Override
                public long usedAfterCollection() {
                    return 95;
                }
            },
            0.90,
            0.75);

    @Test
    void aShortHeapRefusesNewRequestsWithVllmsErrorBody() {
        try (InMemorySim sim = new InMemorySim(SHORT, "--model", "m", "--mode", "echo")) {
            InMemorySim.Reply reply = sim.post(
                    "/v1/chat/completions",
                    "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}");

            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.contentType()).startsWith("application/json");
            assertThat(reply.body())
                    .contains("\"error\"")
                    .contains("short of memory")
                    .contains("\"code\":503");
            assertThat(sim.get("/v1/models").status()).isEqualTo(200);
        }
    }

    @Test
    void aHeapWithRoomAdmitsThem() {
        try (InMemorySim sim = new InMemorySim("--model", "m", "--mode", "echo")) {
            InMemorySim.Reply reply = sim.post(
                    "/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

            assertThat(reply.status()).isEqualTo(200);
        }
    }
}
