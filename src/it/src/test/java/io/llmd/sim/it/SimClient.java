package io.llmd.sim.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A plain HTTP client for the simulator, with SSE events timestamped as they arrive. */
final class SimClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;
    private final String[] headers;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    SimClient(URI base, String... headers) {
        String text = base.toString();
        this.base = URI.create(text.endsWith("/") ? text : text + "/");
        this.headers = headers;
    }

    /** The same client, sending these extra headers (name, value, ...) with every request. */
    SimClient withHeaders(String... extra) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + extra.length);
        System.arraycopy(extra, 0, all, headers.length, extra.length);
        return new SimClient(base, all);
    }

    private HttpRequest.Builder decorate(HttpRequest.Builder request) {
        return headers.length == 0 ? request : request.headers(headers);
    }

    URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** A response read whole. */
    record Reply(
            int status,
            String contentType,
            String body,
            long elapsedNanos,
            java.util.Map<String, List<String>> headers) {
        String header(String name) {
            for (var entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    /** An SSE event's data and when it arrived, in ns after the request was sent. */
    record Event(String data, long atNanos) {
        JsonNode json() {
            try {
                return JSON.readTree(data);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + data, e);
            }
        }

        double atMillis() {
            return atNanos / 1e6;
        }
    }

    /** A streamed response: status, content type and the events in order. */
    record Stream(int status, String contentType, List<Event> events, String rawBody) {}

    Reply get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(
                    decorate(request).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    response.body(),
                    System.nanoTime() - start,
                    response.headers().map());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new UncheckedIOException(e.getMessage() + "; " + ThreadDumps.write("timeout"), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts a streamed request and reads its events, each stamped with its arrival. */
    Stream stream(String path, String body) {
        long start = System.nanoTime();
        HttpRequest request = decorate(HttpRequest.newBuilder(uri(path)))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            List<Event> events = new ArrayList<>();
            StringBuilder raw = new StringBuilder();
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    raw.append(line).append('\n');
                    if (line.startsWith("data: ")) {
                        events.add(new Event(line.substring(6), System.nanoTime() - start));
                    }
                }
            }
            return new Stream(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    events,
                    raw.toString());
        } catch (java.net.http.HttpTimeoutException e) {
            throw new UncheckedIOException(e.getMessage() + "; " + ThreadDumps.write("timeout"), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Closes the client's pooled connections (a kept-alive connection may hold on to a deployment). */
    @Override
    public void close() {
        http.close();
    }

    /** A JSON string literal. */
    static String quote(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String chat(String model, String userText, String extraFields) {
        return "{\"model\":" + quote(model) + ",\"messages\":[{\"role\":\"user\",\"content\":" + quote(userText) + "}]"
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }

    /** The value of one sample of the Prometheus text exposition, or NaN when absent. */
    static double metric(String exposition, String nameAndLabels) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(nameAndLabels + " ")) {
                return Double.parseDouble(
                        line.substring(nameAndLabels.length() + 1).trim().split(" ")[0]);
            }
        }
        return Double.NaN;
    }
}
