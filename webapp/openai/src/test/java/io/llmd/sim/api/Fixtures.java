package io.llmd.sim.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** JSON fixtures of the wire format, kept next to this package under {@code fixtures/} (Dropwizard style). */
final class Fixtures {

    private Fixtures() {}

    static String fixture(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(String name) {
        return readTree(fixture(name));
    }

    static JsonNode readTree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes a record with the shared mapper and reads it back as a tree, to compare with a fixture. */
    static JsonNode serialized(Object value) {
        return readTree(new String(Json.bytes(value), StandardCharsets.UTF_8));
    }

    /** Test JSON written with single quotes, for readability. */
    static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }
}
