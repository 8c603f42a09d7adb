package io.llmd.sim.api.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmd.sim.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads test JSON with the wire format's mapper, as a request's schema is read. */
final class Schemas {
    private Schemas() {}

    static JsonNode read(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
