package io.llmd.sim.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * One slow or stalled client must not delay the other streams: a client that stops reading while
 * its answer (megabytes of it) is still coming blocks the server's write to it, and the others'
 * tokens keep their schedule meanwhile. When it goes away its place is freed.
 */
abstract class StallScenarios {
    static final String MODEL = "stall-model";
    static final int TTFT_MS = 1_000;
    static final int ITL_MS = 10;
    static final Map<String, String> SETTINGS = Map.of(
            // Timing is asserted here: the server warms up before it serves, as users run it.
            "warm-up",
            "true",
            "model",
            MODEL,
            "mode",
            "echo",
            "time-to-first-token",
            Integer.toString(TTFT_MS),
            "inter-token-latency",
            Integer.toString(ITL_MS),
            "max-num-seqs",
            "64",
            // The stalled client's prompt is 19 MB (a JSON string may hold 20 million characters), so that its answer
            // outgrows any socket buffer at once.
            "max-request-body-size-mb",
            "64");
    static final String RUNNING = "vllm:num_requests_running{engine=\"0\",model_name=\"" + MODEL + "\"}";
    /** Words of 100,000 letters: one token each, so that each event is 100 KB and a second of them fills any socket buffer. */
    static final String LONG_WORDS = String.join(" ", java.util.Collections.nCopies(190, "w".repeat(100_000)));

    abstract URI base();

    @Test
    void aClientThatStopsReadingDelaysNoOtherStream() throws Exception {
        SimClient client = new SimClient(base());
        client.post("/v1/chat/completions", SimClient.chat(MODEL, "warm up", "")); // JIT and connection
        try (Socket stalled = new Socket()) {
            // A small receive window, and no reading: the server's writes to it soon block.
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress(base().getHost(), base().getPort()), 10_000);
            byte[] body = SimClient.chat(MODEL, LONG_WORDS, "\"stream\":true,\"max_tokens\":190")
                    .getBytes(StandardCharsets.UTF_8);
            OutputStream out = stalled.getOutputStream();
            out.write(("POST " + base().getPath().replaceAll("/$", "") + "/v1/chat/completions HTTP/1.1\r\nHost: "
                            + base().getHost() + "\r\nContent-Type: application/json\r\nContent-Length: "
                            + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = stalled.getInputStream();
            byte[] head = new byte[12];
            assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(head.length);
            assertThat(new String(head, StandardCharsets.US_ASCII))
                    .as("the stalled stream started")
                    .isEqualTo("HTTP/1.1 200");
            // Its first token is due after the 19 MB are read, so the pacer writes it; let its answer fill
            // the buffers (100 KB every 10 ms) and block the pacer's write, then stream beside it.
            Thread.sleep(TTFT_MS + 1_500);

            List<SimClient.Stream> streams = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<CompletableFuture<SimClient.Stream>> futures = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    futures.add(CompletableFuture.supplyAsync(
                            () -> client.stream(
                                    "/v1/chat/completions",
                                    SimClient.chat(
                                            MODEL,
                                            "one two three four five six seven eight nine ten",
                                            "\"stream\":true")),
                            pool));
                }
                for (CompletableFuture<SimClient.Stream> future : futures) {
                    try {
                        streams.add(future.get(2, TimeUnit.MINUTES)); // a lost stream fails here, not the build's clock
                    } catch (TimeoutException e) {
                        String dump = ThreadDumps.write("stall");
                        // The reads still blocked end, so that closing the pool cannot hang the build.
                        pool.shutdownNow();
                        throw new AssertionError("a stream beside the stalled client never ended; " + dump, e);
                    }
                }
            }
            // Without the guard the pacer's thread would stay blocked in the stalled write and these
            // streams would never end. Bands are wide: the machines are shared, and a late start
            // bunches the tokens that are already due (deadlines are absolute).
            double due = TTFT_MS + 9.0 * ITL_MS;
            for (SimClient.Stream stream : streams) {
                assertThat(stream.status()).isEqualTo(200);
                List<SimClient.Event> events = stream.events();
                assertThat(events).hasSize(11);
                double last = events.get(9).atNanos() / 1e6;
                assertThat(last)
                        .as("the last token beside a stalled client, at %.1f ms", last)
                        .isBetween(due - 5, due + 3_000);
            }
        }
        // The stalled client went away: its place is freed.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (SimClient.metric(client.get("/metrics").body(), RUNNING) != 0) {
            assertThat(System.nanoTime())
                    .as("the stalled client's place was freed")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
