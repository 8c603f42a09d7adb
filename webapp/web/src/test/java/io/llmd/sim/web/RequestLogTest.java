package io.llmd.sim.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmd.sim.core.CommandLine;
import io.llmd.sim.core.ConfigParser;
import io.llmd.sim.core.GenerationRequest;
import io.llmd.sim.core.JumpingClock;
import io.llmd.sim.core.Run;
import io.llmd.sim.core.Simulator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request log's line comes from what the resources noted and the engine's trace, never from
 * the bytes: the request and the response go down the chain untouched.
 */
class RequestLogTest {
    private static final Logger LOGGER = Logger.getLogger(RequestLog.class.getName());

    private final List<String> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private final Simulator simulator = new Simulator(
            ConfigParser.build(
                    CommandLine.parse("--model", "m", "--mode", "echo").values(), () -> 1L),
            new JumpingClock(),
            List.of());

    RequestLogTest() {
        LOGGER.addHandler(capture);
    }

    @AfterEach
    void removeCapture() {
        LOGGER.removeHandler(capture);
    }

    @Test
    void logsAWholeAnswersUsageFromTheTraceAndPassesTheExchangeOnUntouched() throws Exception {
        Run run = finished("one two three");

        String line = log(
                "POST",
                "/v1/chat/completions",
                200,
                Map.of(ExchangeNotes.MODEL, "m", ExchangeNotes.ANSWER, new ExchangeNotes.Answer(run, false, true)));

        assertThat(line)
                .matches("POST /v1/chat/completions 200 model=m prompt_tokens="
                        + run.trace().promptTokens() + " completion_tokens=3 duration_ms=\\d+\\.\\d");
    }

    @Test
    void logsOnlyTheTokensAStreamWithoutUsageSent() throws Exception {
        String line = log(
                "POST",
                "/v1/completions",
                200,
                Map.of(
                        ExchangeNotes.MODEL,
                        "m",
                        ExchangeNotes.ANSWER,
                        new ExchangeNotes.Answer(finished("six seven eight nine"), true, false)));

        assertThat(line).startsWith("POST /v1/completions 200 model=m completion_tokens=4 duration_ms=");
    }

    @Test
    void logsWhatAnAbortedStreamSentAndNoTokensForAnAbortedWholeAnswer() throws Exception {
        Run aborted = simulator.admit(
                simulator.plan(
                        new GenerationRequest(simulator.catalog().resolve("m"), "prompt", "one two three", null)),
                0);
        aborted.awaitStart();
        aborted.tokensDelivered(aborted.generation().tokensAt(aborted.awaitNextToken()));
        aborted.cancel();

        assertThat(log(
                        "POST",
                        "/v1/chat/completions",
                        200,
                        Map.of(
                                ExchangeNotes.MODEL,
                                "m",
                                ExchangeNotes.ANSWER,
                                new ExchangeNotes.Answer(aborted, true, true))))
                .startsWith("POST /v1/chat/completions 200 model=m completion_tokens=1 duration_ms=");
        assertThat(log(
                        "POST",
                        "/v1/chat/completions",
                        503,
                        Map.of(
                                ExchangeNotes.MODEL,
                                "m",
                                ExchangeNotes.ANSWER,
                                new ExchangeNotes.Answer(aborted, false, true))))
                .startsWith("POST /v1/chat/completions 503 model=m duration_ms=");
    }

    @Test
    void logsAnInjectedFailureAndADashForNoModel() throws Exception {
        assertThat(log(
                        "POST",
                        "/v1/completions",
                        503,
                        Map.of(ExchangeNotes.MODEL, "m", InjectedFailures.CAUSE, "X-Return-Error")))
                .startsWith("POST /v1/completions 503 model=m injected_failure=X-Return-Error duration_ms=");
        assertThat(log("GET", "/v1/models", 200, Map.of())).startsWith("GET /v1/models 200 model=- duration_ms=");
    }

    private Run finished(String echo) throws InterruptedException {
        Run run = simulator.admit(
                simulator.plan(new GenerationRequest(simulator.catalog().resolve("m"), "prompt", echo, null)), 0);
        run.awaitStart();
        run.awaitAnswer();
        run.finish();
        return run;
    }

    /**
     * Sends one exchange through the filter, the chain noting {@code notes} as the resources would,
     * and returns the one line logged.
     */
    private String log(String method, String path, int status, Map<String, Object> notes) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        HttpServletRequest request = proxy(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> method;
            case "getRequestURI" -> path;
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "isAsyncStarted" -> false;
            default -> throw new UnsupportedOperationException(name);
        });
        HttpServletResponse response = proxy(HttpServletResponse.class, (name, args) -> switch (name) {
            case "getStatus" -> status;
            default -> throw new UnsupportedOperationException(name);
        });
        FilterChain chain = (req, res) -> {
            assertThat(req).isSameAs(request);
            assertThat(res).isSameAs(response);
            notes.forEach(req::setAttribute);
        };
        lines.clear();

        new RequestLog().doFilter(request, response, chain);

        assertThat(lines).hasSize(1);
        return lines.getFirst();
    }

    private interface Answerer {
        Object answer(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Answerer answerer) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (self, method, args) -> answerer.answer(method.getName(), args)));
    }
}
