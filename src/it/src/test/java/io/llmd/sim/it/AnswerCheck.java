package io.llmd.sim.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What is wrong with one answer, as short phrases for a report line: a 5xx, an error not in the
 * endpoint's JSON shape (vLLM's, or Anthropic's on the Messages API), a broken body or stream,
 * and whatever the case's own expectation adds.
 */
final class AnswerCheck {
    /** The error shape an endpoint answers in. */
    enum Shape {
        /** {@code {"error":{"message","type","param","code"}}}, on every path but the Messages API's. */
        VLLM,
        /** {@code {"type":"error","error":{"type","message"}}}, on {@code /v1/messages} and below, as vLLM answers there. */
        ANTHROPIC
    }

    /**
     * Reads answers as a client in any language would: without Jackson's guards against hostile
     * input (an echoed 3 MiB token is a 3 MiB object key in completions' top_logprobs).
     */
    private static final ObjectMapper LENIENT = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNameLength(Integer.MAX_VALUE)
                    .maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(Integer.MAX_VALUE)
                    .maxNestingDepth(100_000)
                    .build())
            .build());

    private AnswerCheck() {}

    /**
     * @param probe for a {@link Expect.Kind#GUARDED} case, the answer to the same spelling with a valid key; else null
     */
    static List<String> problems(CorpusHttp.Response response, Expect expect, CorpusHttp.Response probe, Shape shape) {
        List<String> problems = new ArrayList<>();
        int status = response.status();
        if (status >= 500) {
            problems.add("a " + status + ": " + describe(response));
        }
        if (response.framingProblem() != null) {
            problems.add(response.framingProblem());
        }
        JsonNode error = null;
        if (status >= 400) {
            error = shape == Shape.ANTHROPIC
                    ? anthropicErrorProblems(response, problems)
                    : errorProblems(response, problems);
        } else if (status >= 200 && status < 300) {
            bodyProblems(response, problems, shape);
        }
        switch (expect.kind()) {
            case REFUSED -> {
                if (status < 400 || status >= 500) {
                    problems.add("expected a refusal (4xx), got " + describe(response));
                }
            }
            case STATUS -> {
                if (status != expect.status()) {
                    problems.add("expected " + expect.status() + ", got " + describe(response));
                }
            }
            case SERVED -> {
                if (status < 200 || status >= 300) {
                    problems.add("expected it served (2xx), got " + describe(response));
                }
            }
            case GUARDED -> {
                boolean routed = probe != null && probe.status() >= 200 && probe.status() < 300;
                if (status >= 200 && status < 300) {
                    problems.add("served without the API key: " + status);
                } else if (status != 401 && (routed || status >= 500 || status < 400)) {
                    problems.add("expected 401 (with the key this spelling is "
                            + (probe == null ? "not probed" : "answered " + probe.status()) + "), got "
                            + describe(response));
                }
            }
            case NOT -> {
                if (status == expect.status()) {
                    problems.add("expected anything but " + status + ", got " + describe(response));
                }
            }
            case ANY -> {
                // Only the checks every answer gets.
            }
        }
        if (expect.mentions() != null
                && error != null
                && !names(error.path("message").asText(""), expect.mentions())) {
            problems.add("the error does not name `" + expect.mentions() + "`: \""
                    + clip(error.path("message").asText(""), 100) + "\"");
        }
        if (expect.maxBodyBytes() > 0 && response.body().length > expect.maxBodyBytes()) {
            problems.add("an answer of " + response.body().length + " bytes (at most " + expect.maxBodyBytes()
                    + " expected)");
        }
        if (expect.bodyCheck() != null) {
            String text = new String(response.body(), StandardCharsets.ISO_8859_1);
            boolean negated = expect.bodyCheck().startsWith("!");
            String wanted = negated ? expect.bodyCheck().substring(1) : expect.bodyCheck();
            if ((negated || status < 300) && text.contains(wanted) == negated) {
                problems.add("the answer " + (negated ? "contains " : "lacks ") + wanted);
            }
        }
        return problems;
    }

    /** Checks an error's shape: {"error":{"message":str,"type":str,"param":...,"code":status}}, as application/json. */
    private static JsonNode errorProblems(CorpusHttp.Response response, List<String> problems) {
        JsonNode body = errorBody(response, problems);
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || !error.isObject()) {
            problems.add("an error not in vLLM's shape: " + preview(response));
            return null;
        }
        List<String> wrong = new ArrayList<>();
        if (!error.path("message").isTextual()) {
            wrong.add("no message");
        }
        if (!error.path("type").isTextual()) {
            wrong.add("no type");
        }
        if (!error.has("param")) {
            wrong.add("no param");
        }
        if (!error.path("code").isInt() || error.path("code").intValue() != response.status()) {
            wrong.add("code " + error.path("code") + " for status " + response.status());
        }
        if (!wrong.isEmpty()) {
            problems.add("an error not in vLLM's shape (" + String.join(", ", wrong) + "): " + preview(response));
        }
        return error;
    }

    /** An error's body as JSON; null (a problem noted) when it is not served as JSON. */
    private static JsonNode errorBody(CorpusHttp.Response response, List<String> problems) {
        String type = response.contentType();
        if (!type.toLowerCase().startsWith("application/json")) {
            problems.add("an error that is not JSON: " + response.status() + " "
                    + (type.isEmpty() ? "without Content-Type" : type) + " " + preview(response));
            return null;
        }
        return json(response);
    }

    /**
     * Checks an error's shape on the Messages API: {"type":"error","error":{"type":str,"message":str}}, as
     * application/json.
     */
    private static JsonNode anthropicErrorProblems(CorpusHttp.Response response, List<String> problems) {
        JsonNode body = errorBody(response, problems);
        JsonNode error = body == null ? null : body.get("error");
        if (error == null || !error.isObject() || !body.path("type").asText().equals("error")) {
            problems.add("an error not in Anthropic's shape: " + preview(response));
            return null;
        }
        List<String> wrong = new ArrayList<>();
        if (!error.path("message").isTextual()) {
            wrong.add("no message");
        }
        if (!error.path("type").isTextual()) {
            wrong.add("no type");
        }
        if (!wrong.isEmpty()) {
            problems.add("an error not in Anthropic's shape (" + String.join(", ", wrong) + "): " + preview(response));
        }
        return error;
    }

    /**
     * A served answer is valid UTF-8 and, as JSON or as a stream of JSON events, parses; a stream ends with
     * [DONE], or on the Messages API with its message_stop event (before vLLM's [DONE]).
     */
    private static void bodyProblems(CorpusHttp.Response response, List<String> problems, Shape shape) {
        String type = response.contentType().toLowerCase();
        if (!type.startsWith("application/json") && !type.startsWith("text/event-stream")) {
            return;
        }
        String text = response.utf8();
        if (text == null) {
            problems.add("a " + response.status() + " whose body is not valid UTF-8: " + preview(response));
            return;
        }
        if (type.startsWith("application/json")) {
            if (json(response) == null) {
                problems.add("a " + response.status() + " whose body is not JSON: " + preview(response));
            }
            return;
        }
        boolean done = false;
        for (String line : text.split("\n")) {
            if (!line.startsWith("data: ")) {
                continue;
            }
            String data = line.substring(6).trim();
            if (data.equals("[DONE]")) {
                // vLLM ends a Messages stream with [DONE] too, but only its message_stop event ends it for a client.
                done |= shape != Shape.ANTHROPIC;
                continue;
            }
            try {
                JsonNode event = LENIENT.readTree(data);
                if (shape == Shape.ANTHROPIC && event.path("type").asText().equals("message_stop")) {
                    done = true;
                }
                if (event.has("error")) {
                    problems.add("an error inside a " + response.status() + " stream: " + clip(data, 160));
                }
            } catch (IOException e) {
                problems.add("a stream event that is not JSON: " + clip(data, 120));
            }
        }
        if (!done) {
            problems.add(
                    shape == Shape.ANTHROPIC
                            ? "a stream without its message_stop event"
                            : "a stream that does not end with [DONE]");
        }
    }

    private static JsonNode json(CorpusHttp.Response response) {
        String text = response.utf8();
        if (text == null) {
            return null;
        }
        try {
            return LENIENT.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether a message names a field: as a word of its own, not inside another word. */
    private static boolean names(String message, String field) {
        return Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(field) + "(?![A-Za-z0-9_])")
                .matcher(message)
                .find();
    }

    /** Status, content type and the start of the body (an error's message when there is one). */
    static String describe(CorpusHttp.Response response) {
        return response.status() + (response.contentType().isEmpty() ? "" : " " + response.contentType()) + " "
                + preview(response);
    }

    private static String preview(CorpusHttp.Response response) {
        JsonNode body = response.contentType().startsWith("application/json") ? json(response) : null;
        if (body != null && body.path("error").path("message").isTextual()) {
            return "\"" + clip(body.path("error").path("message").asText(), 110) + "\"";
        }
        return response.body().length == 0 ? "(empty body)" : Wire.preview(response.body(), 80);
    }

    private static String clip(String text, int limit) {
        String flat = text.replace("\n", "\\n").replace("\r", "\\r");
        return flat.length() <= limit ? flat : flat.substring(0, limit) + "…";
    }
}
