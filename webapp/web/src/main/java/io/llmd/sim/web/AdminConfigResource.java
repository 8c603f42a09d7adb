package io.llmd.sim.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmd.sim.api.Json;
import io.llmd.sim.core.RuntimeConfig;
import io.llmd.sim.core.SimException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /admin/config}, served with {@code --enable-admin-api} or {@code VLLM_SERVER_DEV_MODE=1}:
 * GET shows every effective setting with its origin, POST changes the run-time settings. A value
 * is given as the flag takes it: a string ({@code "250"}, {@code "rate_limit,server_error"}), a
 * number (milliseconds for a time, as on the command line), a boolean, or for
 * {@code fake-metrics} a JSON object; {@code null} leaves a setting as it is.
 */
@Path("/admin/config")
public final class AdminConfigResource {
    private static final String FAKE_METRICS = "fake-metrics";

    private final RuntimeConfig config;

    AdminConfigResource(RuntimeConfig config) {
        this.config = config;
    }

    @GET
    public Response show() {
        return Responder.json(Json.bytes(config.describe()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response change(JsonNode body) {
        if (!(body instanceof ObjectNode object)) {
            throw SimException.badRequest("The request body must be a JSON object of settings by flag name.", null);
        }
        Map<String, String> changes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
                continue;
            }
            if (FAKE_METRICS.equals(field.getKey()) && value instanceof ObjectNode partial) {
                value = overCurrentFakeMetrics(partial);
            }
            changes.put(field.getKey(), value.isContainerNode() ? value.toString() : value.asText());
        }
        return Responder.json(Json.bytes(config.update(changes)));
    }

    /**
     * A partial fake-metrics object laid over the one in effect, as the Go simulator updates it: a
     * field absent or null stays, any other replaces the current one ({@code []} clears a list).
     */
    private JsonNode overCurrentFakeMetrics(ObjectNode partial) {
        RuntimeConfig.Setting current = config.describe().get(FAKE_METRICS);
        ObjectNode merged;
        try {
            JsonNode now = current == null ? null : Json.mapper().readTree(current.value());
            merged = now instanceof ObjectNode object
                    ? object.deepCopy()
                    : Json.mapper().createObjectNode();
        } catch (JsonProcessingException e) {
            // "none": the engine reports real metrics, which the update refuses with its own message.
            merged = Json.mapper().createObjectNode();
        }
        for (Map.Entry<String, JsonNode> field : partial.properties()) {
            if (!field.getValue().isNull()) {
                merged.set(field.getKey(), field.getValue());
            }
        }
        return merged;
    }
}
