package io.llmd.sim.server;

import io.llmd.sim.core.ServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.jetty.server.LocalConnector;

/**
 * Requests through an in-memory connection before the network connector accepts, so that the
 * first client's request does not pay for the cold code in front of Jersey (Jetty's HTTP parser
 * and response path, the servlet dispatch, the filters): about 0.1 s on a loaded core. The
 * deployment's own warm-up runs its requests into Jersey directly and never reaches that code.
 * The requests reach no engine (health, the model list, bodies refused before any engine sees
 * them), so the served engine, its metrics and its state stay untouched.
 */
final class ConnectorWarmUp {
    private static final Logger LOG = Logger.getLogger(ConnectorWarmUp.class.getName());
    private static final long ANSWER_TIMEOUT_SECONDS = 10;
    /** A second pass runs the code the first one initialised, which the JIT then has seen twice. */
    private static final int PASSES = 2;

    private static final List<String> REQUESTS = List.of(
            get("/health"), get("/v1/models"), post("/v1/chat/completions", "[]"), post("/v1/completions", "[]"));

    private ConnectorWarmUp() {}

    /**
     * Whether a deployment of {@code options} gets it: not without its warm-up ({@code --warm-up
     * false} asks for the fastest start), and not when requests are logged, where these would show
     * as requests nobody sent.
     */
    static boolean wanted(ServerOptions options) {
        return options.warmUp() && !options.logRequests() && !options.logHttp();
    }

    /** Sends the requests through {@code local}; returns how many got an answer. */
    static int run(LocalConnector local) {
        long start = System.nanoTime();
        int answered = 0;
        for (int pass = 0; pass < PASSES; pass++) {
            for (String request : REQUESTS) {
                try {
                    String response = local.getResponse(request, ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    if (response != null && response.startsWith("HTTP/1.1 ")) {
                        answered++;
                    }
                } catch (Exception e) {
                    // A warm-up request that fails leaves the first client's request slower, nothing more.
                }
            }
        }
        LOG.info("Connector warm-up: " + answered + " of " + PASSES * REQUESTS.size()
                + " requests answered over an in-memory connection in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
        return answered;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";
    }

    private static String post(String path, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n" + body;
    }
}
