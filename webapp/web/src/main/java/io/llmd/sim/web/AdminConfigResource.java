package io.llmd.sim.web;

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
            changes.put(field.getKey(), value.isContainerNode() ? value.toString() : value.asText());
        }
        return Responder.json(Json.bytes(config.update(changes)));
    }
}
