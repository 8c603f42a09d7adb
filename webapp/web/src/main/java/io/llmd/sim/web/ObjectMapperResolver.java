package io.llmd.sim.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmd.sim.api.Json;
import jakarta.ws.rs.ext.ContextResolver;

/** Gives Jersey's Jackson provider the wire mapper (snake_case, unknown fields ignored). */
final class ObjectMapperResolver implements ContextResolver<ObjectMapper> {

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return Json.mapper();
    }
}
